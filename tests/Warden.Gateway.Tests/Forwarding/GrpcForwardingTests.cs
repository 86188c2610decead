using Grpc.Core;
using Grpc.Net.Client;
using Warden.Core.Traffic;
using Warden.Gateway.Configuration;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Tests.Support;
using Warden.Oip.V2;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>
/// gRPC Open Inference Protocol calls through a real gateway: a real gRPC client (Grpc.Net.Client)
/// on HTTP/2 cleartext to the gateway, the gateway on HTTP/2 to real Kestrel h2c backends, unary
/// ModelInfer routed by the warden-service header, the path prefix or the one HTTP/2 service, split
/// by the canary, mirrored to the shadow and compared from the protobuf answers.
/// </summary>
public sealed class GrpcForwardingTests
{
    private static readonly float[] V1Scores = [0.9f, 0.1f, -0.5f];
    private static readonly float[] V2Scores = [0.8f, 0.3f, -0.25f];

    private static GatewayOptions Options(ServiceOptions service) => new() { Services = [service with { Protocol = BackendProtocol.Http2 }] };

    private static GrpcChannel Channel(TestGateway gateway) => GrpcChannel.ForAddress(gateway.Url, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });

    private static Task<ModelInferResponse> CallAsync(GrpcChannel channel, string? service, string id, string? key = null)
    {
        var headers = new Metadata();
        if (service is not null)
        {
            headers.Add(GrpcCalls.ServiceHeader, service);
        }

        if (key is not null)
        {
            headers.Add(GatewayOptions.DefaultStickyHeader, key);
        }

        return channel.CreateCallInvoker().AsyncUnaryCall(GrpcTestBackend.ModelInfer, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), GrpcTestBackend.Request(id, "a", "b", "c")).ResponseAsync;
    }

    [Fact]
    public async Task ModelInfer_ServiceHeader_ForwardedOverHttp2WithTrailersAndRecorded()
    {
        string? te = null;
        string? protocol = null;
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores, seen: r => (te, protocol) = (r.Headers.TE.ToString(), r.Protocol));
        await using var v2 = await GrpcTestBackend.StartAsync("v2", V2Scores);
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url)], paths: PathAllowList.OpenInference)));
        using var channel = Channel(gateway);

        var answer = await CallAsync(channel, "ranker", "call-1");

        Assert.Equal(("call-1", "v1"), (answer.Id, answer.ModelVersion));
        Assert.Equal(V1Scores, answer.Outputs[0].Contents.Fp32Contents);
        Assert.Equal(("trailers", "HTTP/2"), (te, protocol));
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal(("v1", TrafficArm.Production, 200, (string?)null), (outcome.Version, outcome.Arm, outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData(13, StatusCode.Internal, 500, "5xx")]
    [InlineData(14, StatusCode.Unavailable, 503, "5xx")]
    [InlineData(3, StatusCode.InvalidArgument, 400, null)]
    [InlineData(4, StatusCode.DeadlineExceeded, 504, "5xx")]
    public async Task ModelInfer_BackendGrpcError_PassedOnAndRecordedAsItsHttpStatus(int code, StatusCode expected, int recorded, string? error)
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores, failWith: code);
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", v1.Url)], paths: PathAllowList.OpenInference)));
        using var channel = Channel(gateway);

        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, "ranker", "call-1"));

        Assert.Equal((expected, "injected"), (failure.StatusCode, failure.Status.Detail));
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((recorded, error), (outcome.Status, outcome.Error));
    }

    [Fact]
    public async Task ModelInfer_NoHeaderOneHttp2Service_RoutedToIt()
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        var rest = TestGateway.Service("rest", [("v1", new Uri("http://127.0.0.1:9/"))]);
        var grpc = TestGateway.Service("ranker", [("v1", v1.Url)], paths: PathAllowList.OpenInference) with { Protocol = BackendProtocol.Http2 };
        await using var gateway = await TestGateway.StartAsync(new GatewayOptions { Services = [rest, grpc] });
        using var channel = Channel(gateway);

        var answer = await CallAsync(channel, null, "call-1");

        Assert.Equal("v1", answer.ModelVersion);
    }

    [Fact]
    public async Task ModelInfer_PathPrefix_RoutedAndPrefixRemoved()
    {
        string? path = null;
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores, seen: r => path = r.Path.Value);
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", v1.Url)], paths: PathAllowList.OpenInference)));

        // A client with a path base (grpc-dotnet's documented SubdirectoryHandler) calls /ranker/inference.GRPCInferenceService/ModelInfer.
        using var channel = GrpcChannel.ForAddress(gateway.Url, new GrpcChannelOptions { HttpHandler = new PathPrefixHandler("/ranker") });
        var answer = await CallAsync(channel, null, "call-1");

        Assert.Equal("v1", answer.ModelVersion);
        Assert.Equal("/inference.GRPCInferenceService/ModelInfer", path);
    }

    [Theory]
    [InlineData("nope", StatusCode.Unimplemented, "unknown service 'nope' in the warden-service header; known services: ranker, rest")]
    [InlineData(null, StatusCode.Unimplemented, "no service for the gRPC call /inference.GRPCInferenceService/ModelInfer: send the warden-service header (metadata) naming one of ranker, rest, or call /{service}/inference.GRPCInferenceService/ModelInfer")]
    public async Task ModelInfer_NoService_GrpcUnimplementedWithReason(string? header, StatusCode expected, string detail)
    {
        var rest = TestGateway.Service("rest", [("v1", new Uri("http://127.0.0.1:9/"))]);
        var ranker = TestGateway.Service("ranker", [("v1", new Uri("http://127.0.0.1:9/"))]);
        await using var gateway = await TestGateway.StartAsync(new GatewayOptions { Services = [ranker, rest] });
        using var channel = Channel(gateway);

        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, header, "call-1"));

        Assert.Equal((expected, detail), (failure.StatusCode, failure.Status.Detail));
    }

    [Fact]
    public async Task ModelInfer_PathNotAllowed_GrpcUnimplemented()
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        var paths = new PathAllowList([PathPattern.TryParse("/inference.GRPCInferenceService/ServerReady", out _)!]);
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", v1.Url)], paths: paths)));
        using var channel = Channel(gateway);

        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, "ranker", "call-1"));

        Assert.Equal(StatusCode.Unimplemented, failure.StatusCode);
        Assert.Equal("path /inference.GRPCInferenceService/ModelInfer is not forwarded to service 'ranker'; gateway.services.ranker.paths allows /inference.GRPCInferenceService/ServerReady", failure.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_BackendDown_GrpcUnavailable()
    {
        var gone = new Uri("http://127.0.0.1:9/");
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", gone)], paths: PathAllowList.OpenInference)));
        using var channel = Channel(gateway);

        var failure = await Assert.ThrowsAsync<RpcException>(() => CallAsync(channel, "ranker", "call-1"));

        Assert.Equal((StatusCode.Unavailable, "backend ranker/v1 refused the connection or is unreachable"), (failure.StatusCode, failure.Status.Detail));
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((502, "connect"), (outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData(0, "v1", "Production")]
    [InlineData(10_000, "v2", "Canary")]
    public async Task ModelInfer_Canary_SplitByStickyKey(int basisPoints, string version, string armName)
    {
        var arm = Enum.Parse<TrafficArm>(armName);
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        await using var v2 = await GrpcTestBackend.StartAsync("v2", V2Scores);
        var service = TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url)], canary: "v2", canaryBasisPoints: basisPoints, paths: PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(Options(service));
        using var channel = Channel(gateway);

        var answer = await CallAsync(channel, "ranker", "call-1", key: "user-7");

        Assert.Equal(version, answer.ModelVersion);
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((version, arm), (outcome.Version, outcome.Arm));
    }

    [Fact]
    public async Task ModelInfer_Canary_SameKeyAlwaysSameVersion()
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        await using var v2 = await GrpcTestBackend.StartAsync("v2", V2Scores);
        var service = TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url)], canary: "v2", canaryBasisPoints: 5000, paths: PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(Options(service));
        using var channel = Channel(gateway);

        var versions = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var key = $"user-{i % 8}";
            var expected = Warden.Gateway.Routing.StickyBucket.IsCanary(key, 5000) ? "v2" : "v1";
            var answer = await CallAsync(channel, "ranker", $"call-{i}", key);
            Assert.Equal(expected, answer.ModelVersion);
            versions.Add(answer.ModelVersion);
        }

        Assert.Contains("v1", versions);
        Assert.Contains("v2", versions);
    }

    [Fact]
    public async Task ModelInfer_Shadow_MirroredAndComparedFromProtobufScores()
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        await using var v2 = await GrpcTestBackend.StartAsync("v2", V2Scores);
        var service = TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url)], shadow: "v2", paths: PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(Options(service));
        using var channel = Channel(gateway);

        var answer = await CallAsync(channel, "ranker", "call-1");

        Assert.Equal("v1", answer.ModelVersion);
        var outcomes = await gateway.Observer.OutcomesAsync(2);
        Assert.Equal([(TrafficArm.Production, "v1", 200), (TrafficArm.Shadow, "v2", 200)], outcomes.Select(o => (o.Arm, o.Version, o.Status)).OrderBy(o => o.Arm));
        await Poll.UntilAsync(() => !gateway.Observer.Comparisons.IsEmpty, "the shadow comparison");
        Assert.True(gateway.Observer.Comparisons.TryPeek(out var comparison));
        Assert.Equal(V1Scores.Select(s => (double)s), comparison.ProductionScores!);
        Assert.Equal(V2Scores.Select(s => (double)s), comparison.ShadowScores!);
        Assert.Equal((200, 200), (comparison.ProductionStatus, comparison.ShadowStatus));
    }

    [Fact]
    public async Task ModelInfer_ShadowFails_ProductionAnswersAndShadowRecordedAsError()
    {
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores);
        await using var v2 = await GrpcTestBackend.StartAsync("v2", V2Scores, failWith: 13);
        var service = TestGateway.Service("ranker", [("v1", v1.Url), ("v2", v2.Url)], shadow: "v2", paths: PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(Options(service));
        using var channel = Channel(gateway);

        var answer = await CallAsync(channel, "ranker", "call-1");

        Assert.Equal("v1", answer.ModelVersion);
        var shadow = Assert.Single(await gateway.Observer.OutcomesAsync(1, TrafficArm.Shadow));
        Assert.Equal((500, "5xx"), (shadow.Status, shadow.Error));
        await Poll.UntilAsync(() => !gateway.Observer.Comparisons.IsEmpty, "the shadow comparison");
        Assert.True(gateway.Observer.Comparisons.TryPeek(out var comparison));
        Assert.Equal((200, 500), (comparison.ProductionStatus, comparison.ShadowStatus));
        Assert.Null(comparison.ShadowScores);
    }

    [Fact]
    public async Task HealthProbe_Http2Backend_AskedServerReady()
    {
        var paths = new List<string?>();
        await using var v1 = await GrpcTestBackend.StartAsync("v1", V1Scores, seen: r => { lock (paths) { paths.Add(r.Path.Value); } });
        await using var gateway = await TestGateway.StartAsync(Options(TestGateway.Service("ranker", [("v1", v1.Url)], paths: PathAllowList.OpenInference)), activeHealth: true);

        await Poll.UntilAsync(() => gateway.Host.Backends.All[0].Status == Warden.Gateway.Health.HealthStatus.Up, "the backend marked up");

        lock (paths)
        {
            Assert.Contains("/inference.GRPCInferenceService/ServerReady", paths);
        }
    }

    // grpc-dotnet ignores the path of a channel's address; a handler puts the service segment in front.
    private sealed class PathPrefixHandler(string prefix) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri(request.RequestUri!, prefix + request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
