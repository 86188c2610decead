using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Core.Traffic;
using Warden.Gateway.Compliance;
using Warden.Gateway.Metrics;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Compliance;

/// <summary>A real gateway on Kestrel in front of real ranking backends, judged against labels, counted in the telemetry windows.</summary>
public sealed class LiveComplianceTests
{
    private const string Infer = "ranker/v2/models/ranker/infer";

    // good is compliant for every query, bad for none; under "kids" good is not compliant.
    private static readonly ComplianceLabels Labels = Read("* 0 good 1\n* 0 bad 0\nkids 0 good 0\n");

    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public async Task Proxy_ProductionCanaryAndShadow_ComplianceCountedPerVersionAndArm()
    {
        // v1 ranks the first candidate top, v2 the last, v3 scores all equal (the first wins the tie).
        await using var v1 = await TestBackend.StartAsync(Ranker(n => [.. Enumerable.Range(0, n).Select(i => (double)(n - i))]));
        await using var v2 = await TestBackend.StartAsync(Ranker(n => [.. Enumerable.Range(0, n).Select(i => (double)i)]));
        await using var v3 = await TestBackend.StartAsync(Ranker(n => [.. Enumerable.Repeat(0.5, n)]));
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        var service = TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url), ("v3", v3.Url)], shadow: "v3", canary: "v2", canaryBasisPoints: 5000)
            with { ComplianceLabels = Labels };
        await using var gateway = await TestGateway.StartAsync(new() { Services = [service] }, time: _clock, also: recorder);

        var keys = Enumerable.Range(0, 20).Select(i => $"user-{i}").ToArray();
        var canaryKeys = keys.Count(k => StickyBucket.IsCanary(k, 5000));
        var productionKey = keys.First(k => !StickyBucket.IsCanary(k, 5000));
        Assert.InRange(canaryKeys, 1, keys.Length - 1);
        foreach (var key in keys)
        {
            await SendAsync(gateway, key, """{"inputs":[{"name":"query_text","data":["shoes"]},{"name":"candidate_ids","data":["good","bad"]}]}""");
        }

        // On production, mirrored to v3: a query-specific label, an unlabelled top item, an
        // answer with no scores, and a call that is not an inference call.
        await SendAsync(gateway, productionKey, """{"inputs":[{"name":"query_text","data":["kids"]},{"name":"candidate_ids","data":["good","bad"]}]}""");
        await SendAsync(gateway, productionKey, """{"inputs":[{"name":"query_text","data":["shoes"]},{"name":"candidate_ids","data":["mystery","good"]}]}""");
        await SendAsync(gateway, productionKey, """{"inputs":[]}""");
        using (var get = new HttpRequestMessage(HttpMethod.Get, "ranker/v2/models/ranker"))
        {
            get.Headers.Add("X-Warden-Key", productionKey);
            using var metadata = await gateway.Client.SendAsync(get);
            Assert.Equal(200, (int)metadata.StatusCode);
        }

        var production = keys.Length - canaryKeys;
        await gateway.Observer.OutcomesAsync(keys.Length + 4);
        await gateway.Observer.OutcomesAsync(production + 3, TrafficArm.Shadow);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var windows = recorder.CollectCompleted();

        // Production v1 tops "good": compliant for "shoes", not for "kids"; mystery and no-scores not judged.
        // Canary v2 tops "bad": never compliant. Shadow v3 ties, so it tops the first candidate like v1.
        Assert.Equal(
            [
                ("v1", TrafficArm.Production, production + 4, production + 1, production),
                ("v2", TrafficArm.Canary, canaryKeys, canaryKeys, 0),
                ("v3", TrafficArm.Shadow, production + 3, production + 1, production),
            ],
            windows.Select(w => (w.Version, w.Arm, (int)w.Requests, (int)w.ComplianceJudged, (int)w.ComplianceOk)));
        Assert.Null(gateway.Observer.Outcomes.Single(o => o.Status == 200 && o.RequestBytes == 0).Compliant);
        Assert.Equal(2, recorder.Events.Get("ranker", GatewayEvent.ComplianceUnlabelled));
        Assert.Equal(2, recorder.Events.Get("ranker", GatewayEvent.ComplianceUnreadable));

        var page = Encoding.UTF8.GetString(new GatewayMetrics(recorder).Render());
        Assert.Contains($"warden_gateway_compliance_judged_total{{service=\"ranker\",version=\"v2\",arm=\"canary\"}} {canaryKeys}\n", page, StringComparison.Ordinal);
        Assert.Contains($"warden_gateway_compliance_ok_total{{service=\"ranker\",version=\"v1\",arm=\"production\"}} {production}\n", page, StringComparison.Ordinal);
        Assert.Contains("warden_gateway_events_total{service=\"ranker\",event=\"compliance_unreadable\"} 2\n", page, StringComparison.Ordinal);

        var snapshot = recorder.QueryLast("ranker", "v1", 5, TrafficArm.Production);
        Assert.Equal(((long)production + 1, (long)production), (snapshot.ComplianceJudged, snapshot.ComplianceOk));
    }

    [Fact]
    public async Task Proxy_ServiceWithoutLabels_NothingJudgedNorCounted()
    {
        await using var v1 = await TestBackend.StartAsync(Ranker(n => [.. Enumerable.Repeat(1.0, n)]));
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url)]), time: _clock, also: recorder);

        await SendAsync(gateway, "user-1", """{"inputs":[{"name":"candidate_ids","data":["good","bad"]}]}""");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(outcome.Compliant);
        Assert.Equal((1L, 0L), recorder.CollectCompleted().Select(w => (w.Requests, w.ComplianceJudged)).Single());
        Assert.Empty(gateway.Observer.Events);
    }

    [Fact]
    public async Task Proxy_BackendError_NotJudgedNorCounted()
    {
        await using var v1 = await TestBackend.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsJsonAsync(new { error = "boom" });
        });
        var service = TestGateway.Service("ranker", [("v1", v1.Url)]) with { ComplianceLabels = Labels };
        await using var gateway = await TestGateway.StartAsync(new() { Services = [service] }, time: _clock);

        await SendAsync(gateway, "user-1", """{"inputs":[{"name":"candidate_ids","data":["good"]}]}""", expected: 500);

        Assert.Null(Assert.Single(await gateway.Observer.OutcomesAsync(1)).Compliant);
        Assert.DoesNotContain(gateway.Observer.Events, e => e.Kind is GatewayEvent.ComplianceUnreadable or GatewayEvent.ComplianceUnlabelled);
    }

    private static async Task SendAsync(TestGateway gateway, string key, string body, int expected = 200)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Infer) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Warden-Key", key);
        using var response = await gateway.Client.SendAsync(request);
        Assert.Equal(expected, (int)response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();
    }

    // An Open Inference Protocol ranker: one score per candidate_ids entry; GET answers model metadata.
    private static RequestDelegate Ranker(Func<int, double[]> scores) => async context =>
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await context.Response.WriteAsJsonAsync(new { name = "ranker" });
            return;
        }

        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        var count = document.RootElement.GetProperty("inputs").EnumerateArray()
            .Where(i => i.GetProperty("name").GetString() == OipRanking.CandidatesInput)
            .Select(i => i.GetProperty("data").GetArrayLength())
            .FirstOrDefault();
        var data = scores(count);
        await context.Response.WriteAsJsonAsync(new
        {
            model_name = "ranker",
            outputs = new[] { new { name = "scores", datatype = "FP64", shape = new[] { data.Length }, data } },
        });
    };

    private static ComplianceLabels Read(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return new ComplianceLabels(QrelsReader.ReadCompliance(stream, "labels.qrels", ReadMode.Strict).Qrels, "labels.qrels");
    }
}
