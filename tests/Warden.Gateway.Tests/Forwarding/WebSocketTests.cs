using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Warden.Core.Traffic;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>
/// WebSocket (HTTP/1.1 upgrade) requests through a real gateway: carried by YARP's forwarder
/// whichever forwarder is configured, to a real Kestrel backend that accepts the upgrade itself and
/// echoes each message; recorded as one request with status 101; never mirrored.
/// </summary>
public sealed class WebSocketTests
{
    [Fact]
    public async Task Forward_WebSocket_EchoedThroughAndRecordedAs101()
    {
        await using var backend = await TestBackend.StartAsync(EchoAsync);
        var options = TestGateway.Options("ranker", [("v1", backend.Url), ("v2", backend.Url)], shadow: "v2") with
        {
            // GET mirrored everywhere: an upgrade must still never be copied to the shadow.
            Shadow = new Warden.Gateway.Configuration.ShadowOptions { Methods = ["GET"], Paths = Warden.Gateway.Forwarding.PathAllowList.Everything },
        };
        await using var gateway = await TestGateway.StartAsync(options);
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };

        await socket.ConnectAsync(new Uri(gateway.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ranker/ws"), CancellationToken.None);
        var replies = new List<string>();
        foreach (var text in new[] { "hello", "second message" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            var buffer = new byte[1024];
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            replies.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        Assert.Equal(["echo: hello", "echo: second message"], replies);
        Assert.Equal("v1", socket.HttpResponseHeaders!["X-Warden-Version"].Single());
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal(("v1", TrafficArm.Production, 101), (outcome.Version, outcome.Arm, outcome.Status));
        Assert.Empty(gateway.Observer.Arm(TrafficArm.Shadow));
    }

    [Fact]
    public async Task Forward_WebSocket_OutlivesRequestTimeout()
    {
        await using var backend = await TestBackend.StartAsync(EchoAsync);
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Timeouts = new Warden.Gateway.Configuration.TimeoutOptions { RequestMs = 1500 } };
        await using var gateway = await TestGateway.StartAsync(options);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ranker/ws"), CancellationToken.None);

        // Five messages 700 ms apart: 3.5 s in all, more than twice request_ms, which bounds ordinary requests only.
        var buffer = new byte[1024];
        for (var i = 0; i < 5; i++)
        {
            await Task.Delay(700);
            await socket.SendAsync(Encoding.UTF8.GetBytes($"m{i}"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            Assert.Equal($"echo: m{i}", Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    [Fact]
    public async Task Forward_WebSocketClientVanishes_SessionRecordedBackendHealthUntouched()
    {
        await using var backend = await TestBackend.StartAsync(EchoAsync);
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Health = new Warden.Gateway.Configuration.HealthOptions { FailuresToMarkDown = 1 },
        };
        await using var gateway = await TestGateway.StartAsync(options);
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(gateway.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ranker/ws"), CancellationToken.None);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[1024];
        await socket.ReceiveAsync(buffer, CancellationToken.None);

        // The client goes away without the WebSocket close handshake.
        socket.Abort();
        socket.Dispose();

        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((101, (string?)null), (outcome.Status, outcome.Error));
        var state = gateway.Host.Backends.All.Single();
        Assert.Equal((0, false), (state.ConsecutiveFailures, state.IsDown));
    }

    [Fact]
    public async Task Forward_WebSocketPathNotAllowed_404AndNeverSent()
    {
        var calls = 0;
        await using var backend = await TestBackend.StartAsync(context =>
        {
            Interlocked.Increment(ref calls);
            return EchoAsync(context);
        });
        var service = TestGateway.Service("ranker", [("v1", backend.Url)], paths: Warden.Gateway.Forwarding.PathAllowList.OpenInference);
        await using var gateway = await TestGateway.StartAsync(new Warden.Gateway.Configuration.GatewayOptions { Services = [service] });
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(gateway.Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/ranker/ws"), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, socket.HttpStatusCode);
        Assert.Equal(0, calls);
    }

    // Accepts the upgrade at the wire level (101, Sec-WebSocket-Accept per RFC 6455 §4.2.2) and echoes text messages until closed.
    private static async Task EchoAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers["Sec-WebSocket-Accept"] = accept;
        var stream = await upgrade.UpgradeAsync();
        using var socket = WebSocket.CreateFromStream(stream, isServer: true, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
        var buffer = new byte[1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            var reply = Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
    }
}
