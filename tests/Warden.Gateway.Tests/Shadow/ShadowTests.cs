using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Warden.Core.Traffic;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Shadow;

public sealed class ShadowTests
{
    [Fact]
    public async Task Mirror_ShadowAnswerNeverReachesClient_ButIsRecordedAndCompared()
    {
        var shadowRequests = new ConcurrentQueue<EchoReply>();
        await using var production = await TestBackend.EchoAsync("v1");
        await using var shadow = await TestBackend.StartAsync(async context =>
        {
            var capture = new MemoryStream();
            var original = context.Response.Body;
            context.Response.Body = capture;
            await TestBackend.Echo("v2")(context);
            shadowRequests.Enqueue(EchoReply.Parse(System.Text.Encoding.UTF8.GetString(capture.ToArray())));
            context.Response.Body = original;
            await original.WriteAsync(capture.ToArray());
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "ranker/v2/models/ranker/infer?x=1") { Content = new StringContent("{\"inputs\":[1,2,3]}") };
        request.Headers.Add("X-Warden-Key", "user-9");

        using var response = await gateway.Client.SendAsync(request);
        var reply = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("v1", reply.Version);
        Assert.Equal("v1", response.Headers.GetValues("X-Warden-Version").Single());
        await Poll.UntilAsync(() => gateway.Observer.Comparisons.Count == 1, "the comparison");
        var mirrored = Assert.Single(shadowRequests);
        Assert.Equal(("POST", "/v2/models/ranker/infer", "?x=1", reply.BodySha256), (mirrored.Method, mirrored.Path, mirrored.Query, mirrored.BodySha256));
        Assert.Equal("1", mirrored.Headers["x-warden-shadow"]);
        Assert.False(reply.Headers.ContainsKey("x-warden-shadow"));
        var shadowOutcome = Assert.Single(await gateway.Observer.OutcomesAsync(1, TrafficArm.Shadow));
        Assert.Equal(("v2", 200, (string?)null, "user-9"), (shadowOutcome.Version, shadowOutcome.Status, shadowOutcome.Error, shadowOutcome.Key));
        var comparison = Assert.Single(gateway.Observer.Comparisons);
        Assert.Equal(("ranker", "v1", "v2", 200, 200, true, "user-9"), (comparison.Service, comparison.ProductionVersion, comparison.ShadowVersion, comparison.ProductionStatus, comparison.ShadowStatus, comparison.StatusMatch, comparison.Key));
    }

    [Fact]
    public async Task Mirror_OipResponses_FirstOutputScoresCompared()
    {
        await using var production = await TestBackend.StartAsync(Infer([0.9, 0.5, 0.1]));
        await using var shadow = await TestBackend.StartAsync(Infer([0.8, 0.6, 0.25]));
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2"));

        var body = await gateway.Client.PostAsync("ranker/v2/models/ranker/infer", new StringContent("{}"));

        Assert.Contains("[0.9,0.5,0.1]", await body.Content.ReadAsStringAsync());
        await Poll.UntilAsync(() => gateway.Observer.Comparisons.Count == 1, "the comparison");
        var comparison = gateway.Observer.Comparisons.Single();
        Assert.Equal([0.9, 0.5, 0.1], comparison.ProductionScores!);
        Assert.Equal([0.8, 0.6, 0.25], comparison.ShadowScores!);
    }

    [Fact]
    public async Task Mirror_ShadowAnswers500_ComparedAsStatusMismatch()
    {
        await using var production = await TestBackend.StartAsync(Infer([1]));
        await using var shadow = await TestBackend.StartAsync(context =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsync("boom");
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2"));

        using var response = await gateway.Client.PostAsync(InferPath, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Poll.UntilAsync(() => gateway.Observer.Comparisons.Count == 1, "the comparison");
        var comparison = gateway.Observer.Comparisons.Single();
        Assert.Equal((200, 500, false), (comparison.ProductionStatus, comparison.ShadowStatus, comparison.StatusMatch));
        Assert.Equal([1.0], comparison.ProductionScores!);
        Assert.Null(comparison.ShadowScores);
        Assert.Equal("5xx", (await gateway.Observer.OutcomesAsync(1, TrafficArm.Shadow)).Single().Error);
    }

    [Fact]
    public async Task Mirror_ShadowHangs_ProductionAnswersEveryRequestMeanwhile()
    {
        using var shadow = new RawBackend(RawMode.Hang);
        await using var production = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2") with
        {
            Shadow = new ShadowOptions { MaxConcurrency = 64, TimeoutMs = 60_000 },
        };
        await using var gateway = await TestGateway.StartAsync(options);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            using var response = await gateway.Client.PostAsync($"ranker/v2/models/m{i}/infer", new StringContent("payload"));
            return (int)response.StatusCode;
        }));

        // Every production answer arrived while all ten mirrors were still waiting on the shadow.
        Assert.All(statuses, s => Assert.Equal(200, s));
        await Poll.UntilAsync(() => shadow.Accepted == 10, "the ten mirrors to reach the shadow");
        Assert.Equal(10, gateway.Host.Mirror.InFlight);
        Assert.Empty(gateway.Observer.Arm(TrafficArm.Shadow));
        Assert.Equal(10, (await gateway.Observer.OutcomesAsync(10, TrafficArm.Production)).Length);
    }

    [Fact]
    public async Task Mirror_Saturated_DroppedAndCountedExactly()
    {
        using var shadow = new RawBackend(RawMode.Hang);
        await using var production = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2") with
        {
            Shadow = new ShadowOptions { MaxConcurrency = 2, TimeoutMs = 60_000 },
        };
        await using var gateway = await TestGateway.StartAsync(options);

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.PostAsync($"ranker/v2/models/m{i}/infer", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(8, gateway.Observer.Count(GatewayEvent.ShadowDropped));
        Assert.All(gateway.Observer.Events.Where(e => e.Kind == GatewayEvent.ShadowDropped), e => Assert.Equal("ranker", e.Service));
        Assert.Equal(2, gateway.Host.Mirror.InFlight);
    }

    [Fact]
    public async Task Mirror_ShadowTimesOut_CountedAndSlotReleased()
    {
        using var shadow = new RawBackend(RawMode.Hang);
        await using var production = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2") with
        {
            Shadow = new ShadowOptions { MaxConcurrency = 1, TimeoutMs = 200 },
        };
        await using var gateway = await TestGateway.StartAsync(options);

        using var response = await gateway.Client.PostAsync(InferPath, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.ShadowFailed) == 1, "the shadow timeout");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1, TrafficArm.Shadow));
        Assert.Equal((504, "timeout"), (outcome.Status, outcome.Error));
        Assert.Empty(gateway.Observer.Comparisons);
        await Poll.UntilAsync(() => gateway.Host.Mirror.InFlight == 0, "the slot to be released");
        await Poll.UntilAsync(() => shadow.ClosedByPeer == 1, "the mirror's connection to be closed");
    }

    [Fact]
    public async Task Mirror_ShadowRefusesThenMarkedDown_ProductionUnaffected()
    {
        await using var production = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", production.Url), ("v2", RawBackend.RefusedUrl())], shadow: "v2") with
        {
            Health = new HealthOptions { FailuresToMarkDown = 1 },
        };
        await using var gateway = await TestGateway.StartAsync(options);

        using (var first = await gateway.Client.PostAsync(InferPath, new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.BackendMarkedDown) == 1, "the shadow to be marked down");
        using (var second = await gateway.Client.PostAsync(InferPath, new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var shadowOutcomes = await gateway.Observer.OutcomesAsync(2, TrafficArm.Shadow);
        Assert.Equal([(502, "connect"), (503, "unhealthy")], shadowOutcomes.Select(o => (o.Status, o.Error)));
        Assert.Equal(2, gateway.Observer.Count(GatewayEvent.ShadowFailed));
        Assert.Empty(gateway.Observer.Comparisons);
    }

    [Fact]
    public async Task Mirror_CanaryRequest_NotMirrored()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        await using var v3 = await TestBackend.EchoAsync("v3");
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Options("ranker", [("v1", v1.Url), ("v2", v2.Url), ("v3", v3.Url)], shadow: "v3", canary: "v2", canaryBasisPoints: 10_000));

        var reply = EchoReply.Parse(await gateway.Client.GetStringAsync("ranker/x"));

        Assert.Equal("v2", reply.Version);
        Assert.Empty(gateway.Observer.Arm(TrafficArm.Shadow));
        Assert.Equal(0, gateway.Host.Mirror.InFlight);
    }

    private const string InferPath = "ranker/v2/models/ranker/infer";

    private static RequestDelegate Infer(double[] scores) => context =>
        context.Response.WriteAsJsonAsync(new
        {
            model_name = "ranker",
            outputs = new[] { new { name = "scores", datatype = "FP64", shape = new[] { scores.Length }, data = scores } },
        });
}
