using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

public sealed class ForwardingTests
{
    [Theory]
    [InlineData("GET", "/ranker/v2/models/ranker", "/v2/models/ranker", "")]
    [InlineData("POST", "/ranker/v2/models/ranker/infer?trace=1&x=a%20b", "/v2/models/ranker/infer", "?trace=1&x=a%20b")]
    [InlineData("PUT", "/ranker/a/b/c", "/a/b/c", "")]
    [InlineData("DELETE", "/ranker/items/7", "/items/7", "")]
    [InlineData("GET", "/ranker", "/", "")]
    [InlineData("GET", "/ranker?q=1", "/", "?q=1")]
    [InlineData("GET", "/ranker/", "/", "")]
    public async Task Forward_MethodPathQuery_ReachBackendUnchanged(string method, string target, string path, string query)
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var request = new HttpRequestMessage(new HttpMethod(method), target.TrimStart('/'));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{\"inputs\":[]}", Encoding.UTF8, "application/json");
        }

        using var response = await gateway.Client.SendAsync(request);
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(method, echo.Method);
        Assert.Equal(path, echo.Path);
        Assert.Equal(query, echo.Query);
        Assert.Equal("v1", echo.Version);
        Assert.Equal("v1", response.Headers.GetValues("X-Warden-Version").Single());
        Assert.Equal("1", response.Headers.GetValues("X-Warden-Revision").Single());
    }

    [Fact]
    public async Task Forward_BackendWithPathPrefix_RestAppendedBelowIt()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", new Uri(backend.Url, "prefix/"))]));

        var echo = EchoReply.Parse(await gateway.Client.GetStringAsync("ranker/v2/health/ready?x=1"));

        Assert.Equal("/prefix/v2/health/ready", echo.Path);
        Assert.Equal("?x=1", echo.Query);
    }

    [Fact]
    public async Task Forward_Body_ArrivesWholeWithContentType()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));
        var body = new byte[300_000];
        new Random(7).NextBytes(body);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await gateway.Client.PostAsync("ranker/upload", content);
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(300_000, echo.BodyLength);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), echo.BodySha256);
        Assert.Equal("application/octet-stream", echo.Headers["content-type"]);
        Assert.Equal("300000", echo.Headers["content-length"]);
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal(300_000, outcome.RequestBytes);
        Assert.Equal(response.Content.Headers.ContentLength, outcome.ResponseBytes);
    }

    [Fact]
    public async Task Forward_Headers_EndToEndKeptHopByHopDroppedForwardedAdded()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));
        using var request = new HttpRequestMessage(HttpMethod.Get, "ranker/x");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer t0k3n");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "abc-123");
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        // Only a custom token: Kestrel rewrites a Connection header that also holds keep-alive,
        // close or upgrade to that one option, and the names it listed are lost before the
        // gateway sees them (docs/gateway.md says so).
        request.Headers.TryAddWithoutValidation("Connection", "X-Private-Hop");
        request.Headers.TryAddWithoutValidation("X-Private-Hop", "secret");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic xyz");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("TE", "trailers");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.9");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");

        using var response = await gateway.Client.SendAsync(request);
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("Bearer t0k3n", echo.Headers["authorization"]);
        Assert.Equal("abc-123", echo.Headers["x-request-id"]);
        Assert.Equal("application/json", echo.Headers["accept"]);
        foreach (var dropped in (string[])["x-private-hop", "keep-alive", "proxy-authorization", "upgrade", "te"])
        {
            Assert.False(echo.Headers.ContainsKey(dropped), $"{dropped} was forwarded");
        }

        Assert.Equal("203.0.113.9, 127.0.0.1", echo.Headers["x-forwarded-for"]);
        Assert.Equal("http", echo.Headers["x-forwarded-proto"]);
        Assert.Equal(new Uri(gateway.Url).Authority, echo.Headers["x-forwarded-host"]);
        Assert.Equal(backend.Url.Authority, echo.Headers["host"]);
    }

    [Fact]
    public async Task Forward_ResponseHeaders_CopiedExceptHopByHop()
    {
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            context.Response.Headers["X-Model"] = "ranker";
            context.Response.Headers["Cache-Control"] = "no-store";
            context.Response.Headers["Keep-Alive"] = "timeout=99";
            context.Response.Headers["Connection"] = "X-Hop-Response";
            context.Response.Headers["X-Hop-Response"] = "hidden";
            context.Response.Headers.SetCookie = new Microsoft.Extensions.Primitives.StringValues(["a=1", "b=2"]);
            context.Response.StatusCode = 201;
            await context.Response.WriteAsync("created");
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var response = await gateway.Client.GetAsync("ranker/x");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("created", await response.Content.ReadAsStringAsync());
        Assert.Equal("ranker", response.Headers.GetValues("X-Model").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Hop-Response"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
    }

    [Fact]
    public async Task Forward_BackendStatus5xx_PassedOnAndRecordedAs5xx()
    {
        await using var backend = await TestBackend.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return context.Response.WriteAsync("model loading");
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var response = await gateway.Client.GetAsync("ranker/x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("model loading", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("X-Warden-Reason"));
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((503, "5xx", TrafficArm.Production, "ranker", "v1"), (outcome.Status, outcome.Error, outcome.Arm, outcome.Service, outcome.Version));
    }

    [Fact]
    public async Task Forward_Head_NoBodyAndLengthKept()
    {
        await using var backend = await TestBackend.StartAsync(context =>
        {
            context.Response.ContentLength = 42;
            return Task.CompletedTask;
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var response = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "ranker/x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(42, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Forward_ManyConcurrentRequests_AllAnsweredOverPooledConnections()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
            EchoReply.Parse(await gateway.Client.GetStringAsync($"ranker/item/{i}"))));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"/item/{i}"), replies.Select(r => r.Path));
        Assert.Equal(200, (await gateway.Observer.OutcomesAsync(200)).Count(o => o.Status == 200 && o.Error is null));
    }
}
