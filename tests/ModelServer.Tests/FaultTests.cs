using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Warden.Samples.ModelServer.Tests.InferEndpointTests;

namespace Warden.Samples.ModelServer.Tests;

public sealed class FaultTests
{
    private const string Infer = "/v2/models/ranker/infer";

    [Fact]
    public async Task Latency_Injected_ObservedAtLeastThatLong()
    {
        await using var server = await RunningServer.StartAsync(admin: true);
        using var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"latency_ms":150}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var watch = Stopwatch.StartNew();
        using var response = await server.Client.PostAsync(Infer, Json(ThreeItems));
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 150, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ErrorRate_WithSeed_FailsExactlyTheSeededRequests()
    {
        await using var server = await RunningServer.StartAsync(admin: true);
        using var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"error_rate":0.3,"seed":7}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var draws = new Random(7);
        var expected = Enumerable.Range(0, 20).Select(_ => draws.NextDouble() < 0.3 ? 500 : 200).ToArray();

        var actual = new int[20];
        for (var i = 0; i < actual.Length; i++)
        {
            using var response = await server.Client.PostAsync(Infer, Json(ThreeItems));
            actual[i] = (int)response.StatusCode;
            if (actual[i] == 500)
            {
                Assert.Equal("""{"error":"injected fault"}""", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(expected, actual);
        Assert.Contains(500, actual);
        Assert.Contains(200, actual);
    }

    [Fact]
    public async Task InvertScores_Set_AnswersTheNegatedScoresThenClearedTheSame()
    {
        await using var server = await RunningServer.StartAsync(admin: true);
        var healthy = await ScoresAsync(server);

        using (var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"invert_scores":true}""")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var inverted = await ScoresAsync(server);
        using (var clear = await server.Admin!.PutAsync("/admin/faults", Json("""{"invert_scores":false}""")))
        {
            Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        }

        Assert.Equal(healthy.Select(v => -v), inverted);
        Assert.Equal(healthy, await ScoresAsync(server));
        Assert.NotEqual(Array.IndexOf(healthy, healthy.Max()), Array.IndexOf(inverted, inverted.Max()));
    }

    private static async Task<float[]> ScoresAsync(RunningServer server)
    {
        using var response = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. body["outputs"]![0]!["data"]!.AsArray().Select(v => v!.GetValue<float>())];
    }

    [Fact]
    public async Task Hang_ClientTimesOut_ThenClearedServerAnswersAgain()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { Hang = true }, admin: true);
        using var impatient = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync(Infer, Json(ThreeItems)));
        var waiting = server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/live")).StatusCode);
        using var clear = await server.Admin!.PutAsync("/admin/faults", Json("""{"hang":false}"""));

        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        using var released = await waiting;
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        using var after = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task NotReady_ReadinessEndpoints_Return503WhileLiveStays200()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { Ready = false }, admin: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/v2/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await server.Client.GetAsync("/v2/models/ranker/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/live")).StatusCode);
        using var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"ready":true}"""));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v2/health/ready")).StatusCode);
    }

    [Fact]
    public async Task PutFaults_InvalidFields_Returns400ListingEachAndChangesNothing()
    {
        await using var server = await RunningServer.StartAsync(admin: true);

        using var response = await server.Admin!.PutAsync("/admin/faults", Json("""{"latency_ms":-5,"error_rate":2,"hang":"yes","colour":1}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray();
        Assert.Equal(
        [
            "latency_ms: must be an integer from 0 to 600000 (got -5)",
            "error_rate: must be a number from 0 to 1 (got 2)",
            "hang: must be true or false (got \"yes\")",
            "colour: unknown field; known fields are latency_ms, latency_jitter_ms, error_rate, hang, ready, crash_after, invert_scores, seed",
        ], errors);
        Assert.Equal("""{"latency_ms":0,"latency_jitter_ms":0,"error_rate":0,"hang":false,"ready":true,"crash_after":0,"invert_scores":false,"seed":42}""",
            await server.Admin!.GetStringAsync("/admin/faults"));
    }

    [Fact]
    public async Task CrashAfter_InProcess_InvokesCrashOnThatRequest()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { CrashAfter = 2 });

        using var first = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(0, server.CrashCalls);
        using var second = await server.Client.PostAsync(Infer, Json(ThreeItems));

        Assert.Equal(1, server.CrashCalls);
    }

    [Theory]
    [InlineData("GET", "/admin/faults")]
    [InlineData("PUT", "/admin/faults")]
    [InlineData("POST", "/admin/crash")]
    public async Task AdminEndpoints_OnInferencePort_Return404AndChangeNothing(string method, string path)
    {
        await using var server = await RunningServer.StartAsync(admin: true);

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? Json("""{"hang":true}""") : null };
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            $$"""{"error":"no endpoint {{method}} {{path}}; see GET /v2, /v2/health/ready, /v2/models/ranker, POST /v2/models/ranker/infer (fault endpoints are served only on the --admin-urls listener)"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal(0, server.CrashCalls);
        using var infer = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
    }

    [Fact]
    public async Task AdminPort_UnknownPath_Returns404ListingAdminEndpoints()
    {
        await using var server = await RunningServer.StartAsync(admin: true);

        using var response = await server.Admin!.GetAsync("/v2/health/live");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"error":"no admin endpoint GET /v2/health/live; see GET|PUT /admin/faults, POST /admin/crash"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AdminCrash_OnAdminPort_InvokesCrash()
    {
        await using var server = await RunningServer.StartAsync(admin: true);

        using var response = await server.Admin!.PostAsync("/admin/crash", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The crash follows the flushed answer by 50 ms.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(5);
        while (server.CrashCalls == 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        Assert.Equal(1, server.CrashCalls);
    }
}
