using System.Collections.Concurrent;
using System.Globalization;
using Warden.Gateway.Routing;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Routing;

public sealed class AtomicSwapTests
{
    [Fact]
    public async Task Swap_100PerSecondUnderLoad_NoFailedOrMisroutedRequest()
    {
        string[] versions = ["v1", "v2", "v3"];
        await using var b1 = await TestBackend.EchoAsync("v1");
        await using var b2 = await TestBackend.EchoAsync("v2");
        await using var b3 = await TestBackend.EchoAsync("v3");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", b1.Url), ("v2", b2.Url), ("v3", b3.Url)]));

        // Every revision's route, recorded by the writer; revision 1 is the configuration's.
        var tables = new ConcurrentDictionary<long, ServiceRoute>();
        tables[1] = gateway.Host.Routes.Current.Services["ranker"];
        using var stop = new CancellationTokenSource();
        var seen = new ConcurrentBag<(long Revision, string Key, string Version, int Status)>();

        var writer = Task.Run(async () =>
        {
            // Swaps start once the readers are warm, so they run under load from the first.
            await Poll.UntilAsync(() => seen.Count >= 50, "the readers to warm up", 20_000);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            for (var i = 0; i < 100; i++)
            {
                await timer.WaitForNextTickAsync();
                var result = await gateway.Host.Updater.ApplyAsync("ranker", new RouteUpdate
                {
                    Production = versions[i % 3],
                    ChangeCanary = true,
                    Canary = versions[(i + 1) % 3],
                    CanaryWeightPercent = i * 37 % 101,
                }, "tester");
                Assert.Equal(RouteUpdateStatus.Applied, result.Status);
                tables[result.Table.Revision] = result.Table.Services["ranker"];
            }

            await stop.CancelAsync();
        });

        var readers = Enumerable.Range(0, 8).Select(r => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var key = $"reader-{r}-{n++}";
                using var request = new HttpRequestMessage(HttpMethod.Get, "ranker/infer");
                request.Headers.Add("X-Warden-Key", key);
                using var response = await gateway.Client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                var revision = long.Parse(response.Headers.GetValues("X-Warden-Revision").Single(), CultureInfo.InvariantCulture);
                seen.Add((revision, key, EchoReply.Parse(body).Version, (int)response.StatusCode));
            }
        })).ToArray();

        await Poll.Within(writer.ContinueWith(_ => true), "the 100 swaps", 30_000);
        await writer;
        await Task.WhenAll(readers);

        Assert.Equal(101, gateway.Host.Routes.Current.Revision);
        Assert.True(seen.Count >= 200, $"only {seen.Count} requests ran during the swaps");
        Assert.True(seen.Select(s => s.Revision).Distinct().Count() >= 10, $"requests did not span the swaps: {seen.Count} requests, revisions {string.Join(",", seen.Select(s => s.Revision).Distinct().Order())}");
        Assert.All(seen, s => Assert.Equal(200, s.Status));
        var misrouted = seen.Where(s =>
        {
            var route = tables[s.Revision];
            var expected = route.Canary is { } canary && StickyBucket.IsCanary(s.Key, route.CanaryBasisPoints) ? canary.Version : route.Production.Version;
            return expected != s.Version;
        }).ToList();
        Assert.Empty(misrouted);
    }
}
