using Warden.Core.Traffic;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Routing;

public sealed class CanaryRoutingTests
{
    [Fact]
    public async Task Route_StickyHeader_EachKeyOnItsPredictedSide()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url)], canary: "v2", canaryBasisPoints: 2500));

        var served = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => VersionFor(gateway, $"user-{i}")));

        var expected = Enumerable.Range(0, 400).Select(i => StickyBucket.IsCanary($"user-{i}", 2500) ? "v2" : "v1").ToArray();
        Assert.Equal(expected, served);
        Assert.InRange(served.Count(v => v == "v2"), 60, 140);
        var outcomes = await gateway.Observer.OutcomesAsync(400);
        Assert.Equal(expected.Count(v => v == "v2"), outcomes.Count(o => o.Arm == TrafficArm.Canary));
        Assert.All(outcomes.Where(o => o.Arm == TrafficArm.Canary), o => Assert.Equal("v2", o.Version));
        Assert.Equal(expected[7], outcomes.Single(o => o.Key == "user-7").Version);
    }

    [Fact]
    public async Task Route_SameKeyRepeated_AlwaysSameVersion()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url)], canary: "v2", canaryBasisPoints: 5000));

        for (var i = 0; i < 20; i++)
        {
            var versions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VersionFor(gateway, $"sticky-{i}")));
            Assert.Single(versions.Distinct());
        }
    }

    [Theory]
    [InlineData(2500, "v1")]
    [InlineData(3155, "v2")]
    public async Task Route_NoHeader_ClientAddressIsTheKey(int basisPoints, string version)
    {
        // 127.0.0.1 hashes to bucket 3154: production below that weight, canary above.
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url)], canary: "v2", canaryBasisPoints: basisPoints));

        var served = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => VersionFor(gateway, null)));

        Assert.All(served, v => Assert.Equal(version, v));
        Assert.All(await gateway.Observer.OutcomesAsync(10), o => Assert.Equal("127.0.0.1", o.Key));
    }

    [Fact]
    public async Task Route_WeightMoved_TrafficMovesWithoutRestart()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url)]));
        var shares = new List<int>();

        foreach (var weight in (double[])[0, 5, 25, 50, 100])
        {
            var result = await gateway.Host.Updater.ApplyAsync("ranker", new RouteUpdate { ChangeCanary = true, Canary = "v2", CanaryWeightPercent = weight }, "tester");
            Assert.Equal(RouteUpdateStatus.Applied, result.Status);
            var served = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => VersionFor(gateway, $"user-{i}")));
            shares.Add(served.Count(v => v == "v2"));
        }

        var expected = ((int[])[0, 500, 2500, 5000, 10_000]).Select(bp => Enumerable.Range(0, 400).Count(i => StickyBucket.IsCanary($"user-{i}", bp)));
        Assert.Equal(expected, shares);
        Assert.Equal(0, shares[0]);
        Assert.Equal(400, shares[^1]);
    }

    private static async Task<string> VersionFor(TestGateway gateway, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "ranker/v2/models/ranker");
        if (key is not null)
        {
            request.Headers.Add("X-Warden-Key", key);
        }

        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(echo.Version, response.Headers.GetValues("X-Warden-Version").Single());
        return echo.Version;
    }
}
