using System.Diagnostics;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Warden.Oip.V2;
using static Warden.Samples.ModelServer.Tests.InferEndpointTests;

namespace Warden.Samples.ModelServer.Tests;

/// <summary>The REST faults drilled over gRPC: one FaultInjector, so one pattern and one count across both protocols.</summary>
public sealed class GrpcFaultTests
{
    private const string Infer = "/v2/models/ranker/infer";
    private static readonly GrpcRequests Three = GrpcRequests.FromJson(ThreeItems);

    [Fact]
    public async Task ErrorRateOneAndNotReady_Process_InternalInjectedFaultAndReadyFalse()
    {
        using var child = ChildServer.Start("--weights", "samples/models/v2.weights.json", "--urls", "http://127.0.0.1:0",
            "--grpc-urls", "http://127.0.0.1:0", "--error-rate", "1", "--not-ready");
        await child.WaitListeningAsync();
        await child.WaitGrpcAsync();
        using var channel = GrpcChannel.ForAddress(child.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var deadline = DateTime.UtcNow.AddMinutes(1);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ModelInferAsync(Three.Contents(), deadline: deadline).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("injected fault", error.Status.Detail);
        Assert.False((await client.ServerReadyAsync(new ServerReadyRequest(), deadline: deadline)).Ready);
        Assert.False((await client.ModelReadyAsync(new ModelReadyRequest { Name = "ranker" }, deadline: deadline)).Ready);
        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest(), deadline: deadline)).Live);
    }

    [Fact]
    public async Task ErrorRate_WithSeed_RestAndGrpcShareOneSeededPattern()
    {
        await using var server = await RunningServer.StartAsync(admin: true, grpc: true);
        using var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"error_rate":0.3,"seed":7}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var draws = new Random(7);
        var expected = Enumerable.Range(0, 20).Select(_ => draws.NextDouble() < 0.3 ? "fail" : "ok").ToArray();

        var actual = new string[20];
        for (var i = 0; i < actual.Length; i++)
        {
            if (i % 2 == 0)
            {
                using var response = await server.Client.PostAsync(Infer, Json(ThreeItems));
                actual[i] = response.StatusCode == HttpStatusCode.OK ? "ok" : "fail";
            }
            else
            {
                try
                {
                    await client.ModelInferAsync(Three.Contents(), deadline: DateTime.UtcNow.AddSeconds(10));
                    actual[i] = "ok";
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Internal && e.Status.Detail == "injected fault")
                {
                    actual[i] = "fail";
                }
            }
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task InvertScores_Set_GrpcAnswersTheNegatedRestScores()
    {
        await using var server = await RunningServer.StartAsync(admin: true, grpc: true);
        var healthy = await ScoresAsync(server);
        using var put = await server.Admin!.PutAsync("/admin/faults", Json("""{"invert_scores":true}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var inverted = await client.ModelInferAsync(Three.Contents(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.Equal(healthy.Select(s => -s), inverted.Outputs[0].Contents.Fp32Contents);
    }

    [Fact]
    public async Task Latency_Injected_GrpcObservedAtLeastThatLong()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { LatencyMs = 150 }, grpc: true);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var watch = Stopwatch.StartNew();
        await client.ModelInferAsync(Three.Contents(), deadline: DateTime.UtcNow.AddSeconds(10));
        watch.Stop();

        Assert.True(watch.ElapsedMilliseconds >= 150, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Hang_Set_GrpcCallRunsIntoItsDeadlineWhileOtherRpcsAnswer()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { Hang = true }, grpc: true);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.ModelInferAsync(Three.Contents(), deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest(), deadline: DateTime.UtcNow.AddSeconds(10))).Live);
    }

    [Fact]
    public async Task CrashAfter_RestThenGrpc_CountsBothProtocols()
    {
        await using var server = await RunningServer.StartAsync(faults: new FaultSettings { CrashAfter = 2 }, grpc: true);
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress!);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        using var rest = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(0, server.CrashCalls);
        await client.ModelInferAsync(Three.Contents(), deadline: DateTime.UtcNow.AddSeconds(10));

        Assert.Equal(1, server.CrashCalls);
    }

    private static async Task<float[]> ScoresAsync(RunningServer server)
    {
        using var response = await server.Client.PostAsync(Infer, Json(ThreeItems));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await InferEndpointTests.ScoresAsync(response);
    }
}
