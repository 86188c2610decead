using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Time.Testing;
using Warden.Gateway.Configuration;
using Warden.Gateway.Hosting;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Hosting;

/// <summary>
/// What the traffic listener speaks, through the real proxy to a plain HTTP/1.1 backend: over TLS,
/// HTTP/2 negotiated by ALPN and HTTP/1.1 on the same port; in clear text, HTTP/1.1 and HTTP/2 with
/// prior knowledge (h2c) on the same port, the way gRPC clients connect.
/// </summary>
public sealed class TrafficProtocolsTests
{
    [Fact]
    public async Task Tls_Http2Client_ReachesHttp1BackendThroughTheProxy()
    {
        var certificate = SelfSignedCertificate.Create();
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend, certificate);
        using var client = Client(gateway, certificate, HttpVersion.Version20);
        var body = RandomNumberGenerator.GetBytes(100_000);

        using var response = await client.PostAsync("ranker/v2/models/ranker/infer", new ByteArrayContent(body));
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.StartsWith("https://127.0.0.1:", gateway.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(("v1", "POST", "/v2/models/ranker/infer"), (echo.Version, echo.Method, echo.Path));
        Assert.Equal((100_000L, Convert.ToHexStringLower(SHA256.HashData(body))), (echo.BodyLength, echo.BodySha256));
        Assert.Equal("https", echo.Headers["x-forwarded-proto"]);
        Assert.Equal("v1", response.Headers.GetValues("X-Warden-Version").Single());
    }

    [Fact]
    public async Task Tls_Http11Client_ServedOnTheSameListener()
    {
        var certificate = SelfSignedCertificate.Create();
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend, certificate);
        using var client = Client(gateway, certificate, HttpVersion.Version11);

        using var response = await client.GetAsync("ranker/v2/models/ranker");
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal(("v1", "/v2/models/ranker", "https"), (echo.Version, echo.Path, echo.Headers["x-forwarded-proto"]));
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Tls_GatewaysOwnEndpoints_AnswerOverHttp2(string path)
    {
        var certificate = SelfSignedCertificate.Create();
        await using var backend = await TestBackend.EchoAsync("v1");

        // /readyz needs the production backend probed up: the active probe runs.
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]), activeHealth: true, certificate: certificate.Load());
        using var client = Client(gateway, certificate, HttpVersion.Version20);

        await Poll.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync(path);
                Assert.Equal(HttpVersion.Version20, response.Version);
                return response.StatusCode == HttpStatusCode.OK;
            },
            $"/{path} to answer 200 over HTTP/2 and TLS");
    }

    [Fact]
    public async Task Tls_PlainHttpOrAnUntrustingClient_NoAnswer()
    {
        var certificate = SelfSignedCertificate.Create();
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend, certificate);

        // The port speaks TLS only, and the default validation does not trust a self-signed certificate.
        using var plain = new HttpClient { BaseAddress = new UriBuilder(gateway.Url) { Scheme = "http" }.Uri, Timeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAnyAsync<Exception>(() => plain.GetAsync("healthz"));
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.Client.GetAsync("healthz"));
    }

    [Fact]
    public async Task Cleartext_H2cWithPriorKnowledge_ReachesHttp1BackendThroughTheProxy()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend);
        using var client = Client(gateway, certificate: null, HttpVersion.Version20);
        var body = RandomNumberGenerator.GetBytes(100_000);

        using var response = await client.PostAsync("ranker/v2/models/ranker/infer", new ByteArrayContent(body));
        var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());

        Assert.StartsWith("http://127.0.0.1:", gateway.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal((100_000L, Convert.ToHexStringLower(SHA256.HashData(body))), (echo.BodyLength, echo.BodySha256));
        Assert.Equal("http", echo.Headers["x-forwarded-proto"]);
    }

    [Fact]
    public async Task Cleartext_Http11AndH2c_SamePortAtOnce()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend);
        using var http1 = Client(gateway, certificate: null, HttpVersion.Version11);
        using var http2 = Client(gateway, certificate: null, HttpVersion.Version20);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await (i % 2 == 0 ? http1 : http2).GetAsync($"ranker/v2/models/ranker?i={i}");
            var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());
            return (i % 2 == 0 ? HttpVersion.Version11 : HttpVersion.Version20, response.Version, response.StatusCode, echo.Query == $"?i={i}");
        }));

        Assert.All(answers, a => Assert.Equal((a.Item1, HttpStatusCode.OK, true), (a.Version, a.StatusCode, a.Item4)));
        Assert.Equal(20, (await gateway.Observer.OutcomesAsync(20)).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GrpcClient_ModelInferThroughTheGateway_H2cOrH2OverTls(bool tls)
    {
        var certificate = tls ? SelfSignedCertificate.Create() : null;
        await using var backend = await GrpcTestBackend.StartAsync("v1", [0.9f, 0.1f]);
        var options = TestGateway.Options("ranker-grpc", [("v1", backend.Url)]);
        options = options with { Services = [options.Services[0] with { Protocol = BackendProtocol.Http2 }] };
        await using var gateway = await TestGateway.StartAsync(options, certificate: certificate?.Load());

        // grpc-dotnet on an http:// address speaks h2c with prior knowledge; on https:// it offers h2 by ALPN.
        using var channel = GrpcChannel.ForAddress(gateway.Url, new GrpcChannelOptions { HttpHandler = certificate?.TrustingHandler() ?? new SocketsHttpHandler { UseProxy = false } });
        var response = await channel.CreateCallInvoker().AsyncUnaryCall(GrpcTestBackend.ModelInfer, null, new CallOptions(), GrpcTestBackend.Request("q1", "a", "b"));

        Assert.Equal(("v1", "q1"), (response.ModelVersion, response.Id));
        Assert.Equal([0.9f, 0.1f], response.Outputs[0].Contents.Fp32Contents);
    }

    [Fact]
    public async Task Cleartext_UpgradeToH2c_AnsweredAsHttp11()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await StartAsync(backend);
        using var socket = await ConnectAsync(gateway);

        // curl --http2 on an http:// URL: HTTP/1.1 with an upgrade offer, which a server may ignore (RFC 9113 left it out).
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n"));
        var answer = await ReadSomeAsync(socket);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleartext_SilentConnection_ClosedAfterTheKeepAliveTimeoutOnTheGatewaysClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]), time: time);
        using var socket = await ConnectAsync(gateway);

        // Kestrel's keep-alive timeout (130 s by default) bounds the wait for the first byte; the clock
        // is advanced until the connection's wait has begun and run out.
        await Poll.UntilAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(131));
                return Closed(socket);
            },
            "the silent connection to be closed");
    }

    [Fact]
    public async Task Cleartext_SilentConnection_DoesNotHoldTheStop()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        var gateway = await StartAsync(backend);
        using var socket = await ConnectAsync(gateway);
        await Task.Delay(100);

        // The shutdown timeout is 2 s: a connection still waiting for its first byte would hold the stop that long.
        var stopping = Stopwatch.StartNew();
        await gateway.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1.5), $"the stop took {stopping.Elapsed}");
        await Poll.UntilAsync(() => Closed(socket), "the silent connection to be closed");
    }

    [Theory]
    [InlineData("https://127.0.0.1:0", false, "The traffic address https://127.0.0.1:0 is https:// but the traffic listener has no certificate; give one, or write it http://HOST:PORT. (Parameter 'urls')")]
    [InlineData("http://127.0.0.1:0", true, "The traffic address http://127.0.0.1:0 is not https:// but the traffic listener has a certificate; write it https://HOST:PORT. (Parameter 'urls')")]
    public void Create_SchemeContradictsTheCertificate_Throws(string url, bool withCertificate, string message)
    {
        using var certificate = withCertificate ? SelfSignedCertificate.Create().Load() : null;

        var error = Assert.Throws<ArgumentException>(() => GatewayHost.Create(new GatewayHostOptions
        {
            Gateway = TestGateway.Options("ranker", [("v1", new Uri("http://127.0.0.1:1/"))]),
            Observer = new RecordingObserver(),
            RouteChanges = new RecordingRouteGate(),
            Urls = [url],
            TrafficCertificate = certificate,
        }));

        Assert.Equal(message, error.Message);
    }

    private static Task<TestGateway> StartAsync(TestBackend backend, SelfSignedCertificate? certificate = null) =>
        TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]), certificate: certificate?.Load());

    // A client that asks for exactly this HTTP version: no fallback hides a listener that does not speak it.
    private static HttpClient Client(TestGateway gateway, SelfSignedCertificate? certificate, Version version) =>
        new(certificate?.TrustingHandler() ?? new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(gateway.Url + "/"),
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<Socket> ConnectAsync(TestGateway gateway)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, new Uri(gateway.Url).Port);
        return socket;
    }

    private static async Task<string> ReadSomeAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    // Readable with nothing to read: the other side closed (or reset) the connection.
    private static bool Closed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
