using System.Net;
using static Warden.Samples.ModelServer.Tests.InferEndpointTests;

namespace Warden.Samples.ModelServer.Tests;

public sealed class ProcessTests
{
    private const int SigKillExit = 137;

    [Fact]
    public async Task Start_PortZero_PrintsExactlyTheBoundAddress()
    {
        using var child = ChildServer.Start("--weights", "samples/models/v1.weights.json", "--urls", "http://127.0.0.1:0");
        await child.WaitListeningAsync();

        Assert.Matches(@"^modelserver v1 listening on http://127\.0\.0\.1:[1-9][0-9]*$", child.FirstLine);
        using var client = new HttpClient { BaseAddress = child.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/live")).StatusCode);
    }

    [Fact]
    public async Task CrashAfter_SecondInfer_ProcessDiesWithSigKill()
    {
        using var child = ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0", "--crash-after", "2");
        await child.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = child.BaseAddress };

        using var first = await client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems)));

        Assert.Equal(SigKillExit, await child.WaitForExitAsync());
    }

    [Fact]
    public async Task AdminCrash_OnAdminPort_AnswersThenProcessDiesWithSigKill()
    {
        using var child = ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0");
        await child.WaitListeningAsync();
        await child.WaitAdminAsync();
        Assert.NotEqual(child.BaseAddress!.Port, child.AdminAddress!.Port);
        using var client = new HttpClient { BaseAddress = child.AdminAddress };

        using var response = await client.PostAsync("/admin/crash", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(SigKillExit, await child.WaitForExitAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AdminCrash_OnInferencePort_Returns404AndServerSurvives(bool adminListener)
    {
        using var child = adminListener
            ? ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0")
            : ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0");
        await child.WaitListeningAsync();
        using var client = new HttpClient { BaseAddress = child.BaseAddress };

        using var crash = await client.PostAsync("/admin/crash", null);
        using var faults = await client.PutAsync("/admin/faults", Json("""{"hang":true}"""));
        await Task.Delay(200);

        Assert.Equal(HttpStatusCode.NotFound, crash.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, faults.StatusCode);
        Assert.False(child.Process.HasExited);
        using var infer = await client.PostAsync("/v2/models/ranker/infer", Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
    }

    [Theory]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--bogus" }, "error: unknown flag '--bogus' (see modelserver --help)")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--error-rate", "1.5" }, "error: --error-rate must be a number from 0 to 1 (got '1.5')")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--admin-urls", "https://127.0.0.1:9091" }, "error: --admin-urls 'https://127.0.0.1:9091' must be an http URL such as http://127.0.0.1:9091")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--urls", "http://127.0.0.1:8091", "--admin-urls", "http://127.0.0.1:8091" }, "error: --admin-urls 'http://127.0.0.1:8091' uses the inference port 8091; give the admin endpoints a port of their own (or 0 for a free one)")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--urls", "http://127.0.0.1:8091", "--grpc-urls", "http://127.0.0.1:8091" }, "error: --grpc-urls 'http://127.0.0.1:8091' uses the inference port 8091; give the gRPC service a port of its own (or 0 for a free one)")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--admin-urls", "http://127.0.0.1:9091", "--grpc-urls", "http://127.0.0.1:9091" }, "error: --grpc-urls 'http://127.0.0.1:9091' uses the admin port 9091; give the gRPC service a port of its own (or 0 for a free one)")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--grpc-urls", "https://127.0.0.1:8001" }, "error: --grpc-urls 'https://127.0.0.1:8001' must be an http URL such as http://127.0.0.1:8001 (the service speaks HTTP/2 cleartext)")]
    [InlineData(new[] { "--latency-ms", "10" }, "error: --weights FILE is required, e.g. --weights samples/models/v2.weights.json")]
    [InlineData(new[] { "--weights", "no/such.json" }, "error: weights file 'no/such.json':")]
    [InlineData(new[] { "--weights", "samples/models/v1.weights.json", "--catalog", "samples/meta/v1.json" }, "error: catalog file 'samples/meta/v1.json': field 'dims' must be a positive integer")]
    public async Task Start_BadFlagsOrFiles_Exit2WithMessage(string[] args, string expected)
    {
        using var child = ChildServer.Start(args);

        var stderr = await child.Process.StandardError.ReadToEndAsync();

        Assert.Equal(2, await child.WaitForExitAsync());
        Assert.StartsWith(expected, stderr, StringComparison.Ordinal);
    }
}
