using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Warden.Core.Traffic;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>Only the paths a service allows are forwarded, and only inference calls are mirrored.</summary>
public sealed class PathAllowListTests
{
    [Theory]
    [InlineData("/v2/models/{name}/infer", "/v2/models/ranker/infer", true)]
    [InlineData("/v2/models/{name}/infer", "/v2/models/ranker/infer/", false)]
    [InlineData("/v2/models/{name}/infer", "/v2/models//infer", false)]
    [InlineData("/v2/models/{name}/infer", "/v2/models/a/b/infer", false)]
    [InlineData("/v2/models/{name}/infer", "/V2/models/ranker/infer", false)]
    [InlineData("/v2/models/{name}/infer", "/v2/models/ranker", false)]
    [InlineData("/v2", "/v2", true)]
    [InlineData("/v2", "/v2/", false)]
    [InlineData("/v2", "", false)]
    [InlineData("/", "", true)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/v2", false)]
    [InlineData("/v2/{**rest}", "/v2", true)]
    [InlineData("/v2/{**rest}", "/v2/", true)]
    [InlineData("/v2/{**rest}", "/v2/a/b/c", true)]
    [InlineData("/v2/{**rest}", "/v3/a", false)]
    [InlineData("/{**path}", "", true)]
    [InlineData("/{**path}", "/admin/crash", true)]
    public void Matches_Path_AsPatternSays(string pattern, string path, bool matches)
    {
        var parsed = PathPattern.TryParse(pattern, out var problem);

        Assert.Null(problem);
        Assert.Equal(matches, parsed!.Matches(path));
    }

    [Theory]
    [InlineData("/admin/crash", false)]
    [InlineData("/admin/faults", false)]
    [InlineData("/", false)]
    [InlineData("", false)]
    [InlineData("/v2", true)]
    [InlineData("/v2/health/live", true)]
    [InlineData("/v2/health/ready", true)]
    [InlineData("/v2/models/ranker", true)]
    [InlineData("/v2/models/ranker/ready", true)]
    [InlineData("/v2/models/ranker/infer", true)]
    [InlineData("/v2/models/ranker/versions/3", true)]
    [InlineData("/v2/models/ranker/versions/3/ready", true)]
    [InlineData("/v2/models/ranker/versions/3/infer", true)]
    [InlineData("/v2/models/ranker/versions/3/admin", false)]
    [InlineData("/v2/repository/index", false)]
    public void OpenInference_Path_Allowed(string path, bool allowed) =>
        Assert.Equal(allowed, PathAllowList.OpenInference.Allows(path));

    [Theory]
    [InlineData("/ranker/v2/models/ranker/infer?q=../x", null)]
    [InlineData("/ranker/v2/models/..%2F/infer", "an encoded slash or a backslash in the path")]
    [InlineData("/ranker/v2/models/a%5cb/infer", "an encoded slash or a backslash in the path")]
    [InlineData("/ranker/v2/models/a\\b/infer", "an encoded slash or a backslash in the path")]
    [InlineData("/ranker/v2/models/../infer", "a '.' or '..' segment in the path")]
    [InlineData("/ranker/v2/models/%2E%2e/infer", "a '.' or '..' segment in the path")]
    [InlineData("/ranker/v2/models/.%2e/infer", "a '.' or '..' segment in the path")]
    [InlineData("/ranker/v2/./health/ready", "a '.' or '..' segment in the path")]
    [InlineData("/ranker/v2/models/...", null)]
    public void Ambiguity_RawTarget_Reason(string raw, string? reason) =>
        Assert.Equal(reason, PathAllowList.Ambiguity(raw));

    [Fact]
    public async Task Forward_ModelServerAdminPath_404CountedAndNeverSent()
    {
        var seen = new ConcurrentQueue<string>();
        await using var backend = await TestBackend.StartAsync(context =>
        {
            seen.Enqueue(context.Request.Path.Value!);
            return context.Response.WriteAsync("ok");
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Services = [TestGateway.Service("ranker", [("v1", backend.Url)], paths: PathAllowList.OpenInference)],
        });

        using var crash = await gateway.Client.PostAsync("ranker/admin/crash", null);
        using var ready = await gateway.Client.GetAsync("ranker/v2/models/ranker/ready");

        Assert.Equal(HttpStatusCode.NotFound, crash.StatusCode);
        var reason = "path /admin/crash is not forwarded to service 'ranker'; gateway.services.ranker.paths allows /v2, /v2/health/live, /v2/health/ready, /v2/models/{name}, /v2/models/{name}/ready, /v2/models/{name}/infer, /v2/models/{name}/versions/{version}, /v2/models/{name}/versions/{version}/ready, /v2/models/{name}/versions/{version}/infer, /inference.GRPCInferenceService/ServerLive, /inference.GRPCInferenceService/ServerReady, /inference.GRPCInferenceService/ServerMetadata, /inference.GRPCInferenceService/ModelReady, /inference.GRPCInferenceService/ModelMetadata, /inference.GRPCInferenceService/ModelInfer";
        // The header is cut at 300 characters; the JSON body has the whole list.
        Assert.Equal(reason[..300], crash.Headers.GetValues("X-Warden-Reason").Single());
        using var body = JsonDocument.Parse(await crash.Content.ReadAsStringAsync());
        Assert.Equal((reason, "ranker"), (body.RootElement.GetProperty("error").GetString(), body.RootElement.GetProperty("service").GetString()));
        Assert.Equal(("ranker", GatewayEvent.PathNotAllowed), Assert.Single(gateway.Observer.Events));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(["/v2/models/ranker/ready"], seen);
    }

    [Fact]
    public async Task Forward_DotSegmentsInRawTarget_404NeverSent()
    {
        var hits = 0;
        await using var backend = await TestBackend.StartAsync(context =>
        {
            Interlocked.Increment(ref hits);
            return context.Response.WriteAsync("ok");
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Services = [TestGateway.Service("ranker", [("v1", backend.Url)], paths: PathAllowList.OpenInference)],
        });

        // Kestrel normalises the gateway's view to /ranker/v2/models/ranker/infer; the backend
        // would have been sent the target as written.
        var answer = await RawGetAsync(gateway.Url, "/ranker/v2/models/ranker/infer/%2e%2e/%2e%2e/%2e%2e/%2e%2e/admin/crash/../../v2/models/ranker/infer");

        Assert.StartsWith("HTTP/1.1 404 ", answer);
        Assert.Contains("X-Warden-Reason: path /v2/models/ranker/infer of service 'ranker' is not forwarded: it has a '.' or '..' segment in the path", answer);
        Assert.Equal(0, hits);
    }

    [Fact]
    public async Task Mirror_OnlyInferencePostsAreMirrored()
    {
        var mirrored = new ConcurrentQueue<string>();
        await using var production = await TestBackend.EchoAsync("v1");
        await using var shadow = await TestBackend.StartAsync(context =>
        {
            mirrored.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return context.Response.WriteAsync("{}");
        });
        var service = TestGateway.Service("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2", paths: PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", production.Url)]) with { Services = [service] });

        (await gateway.Client.GetAsync("ranker/v2/models/ranker")).Dispose();
        (await gateway.Client.PostAsync("ranker/v2/health/ready", new StringContent("{}"))).Dispose();
        (await gateway.Client.PutAsync("ranker/v2/models/ranker/infer", new StringContent("{}"))).Dispose();
        (await gateway.Client.PostAsync("ranker/v2/models/ranker/infer", new StringContent("{}"))).Dispose();
        (await gateway.Client.PostAsync("ranker/v2/models/ranker/versions/2/infer", new StringContent("{}"))).Dispose();

        await Poll.UntilAsync(() => mirrored.Count == 2 && gateway.Host.Mirror.InFlight == 0, "the two mirrors");
        await Task.Delay(200);
        Assert.Equal(["POST /v2/models/ranker/infer", "POST /v2/models/ranker/versions/2/infer"], mirrored.Order(StringComparer.Ordinal));
        Assert.Equal(5, (await gateway.Observer.OutcomesAsync(5, TrafficArm.Production)).Length);
    }

    private static async Task<string> RawGetAsync(string url, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(url).Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
