using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Warden.Gateway.Configuration;
using Warden.Gateway.Health;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>
/// A request the gateway cannot send, or a client that fails while its request is forwarded,
/// is never the backend's fault: the backend's health must not move.
/// </summary>
public sealed class RequestSideFailureTests
{
    private static readonly HealthOptions MarkDownAtOnce = new() { FailuresToMarkDown = 1 };

    [Fact]
    public async Task Forward_NonAsciiHeaderValue_ForwardedAsReceivedAndBackendStaysUp()
    {
        string? seen = null;
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            seen = context.Request.Headers["X-Note"].ToString();
            await context.Response.WriteAsync("ok");
        });
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = MarkDownAtOnce };
        await using var gateway = await TestGateway.StartAsync(options);

        // Five requests: the passive limit of the reproduction; one would do here.
        for (var i = 0; i < 5; i++)
        {
            var answer = await RawRequestAsync(gateway.Url, Bytes("GET /ranker/v2 HTTP/1.1\r\nHost: x\r\nX-Note: ", [0xC3, 0xBC], "ser\r\nConnection: close\r\n\r\n"));
            Assert.StartsWith("HTTP/1.1 200 ", answer);
        }

        // Bytes that are not UTF-8 are refused by Kestrel itself, before the gateway sees them.
        var latin1 = await RawRequestAsync(gateway.Url, Bytes("GET /ranker/v2 HTTP/1.1\r\nHost: x\r\nX-Note: ", [0xFC], "ser\r\nConnection: close\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", latin1);
        Assert.Equal("\u00fcser", seen);
        var state = gateway.Host.Backends.All.Single();
        Assert.Equal((HealthStatus.Up, 0), (state.Status, state.ConsecutiveFailures));
    }

    [Fact]
    public async Task Mirror_NonAsciiHeaderValue_MirroredAndShadowStaysUp()
    {
        var mirrored = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var production = await TestBackend.EchoAsync("v1");
        await using var shadow = await TestBackend.StartAsync(async context =>
        {
            mirrored.TrySetResult(context.Request.Headers["X-Note"].ToString());
            await context.Response.WriteAsync("{}");
        });
        var options = TestGateway.Options("ranker", [("v1", production.Url), ("v2", shadow.Url)], shadow: "v2") with { Health = MarkDownAtOnce };
        await using var gateway = await TestGateway.StartAsync(options);

        var answer = await RawRequestAsync(gateway.Url, Bytes("POST /ranker/v2/models/ranker/infer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nX-Note: ", [0xC3, 0xBC], "ser\r\nConnection: close\r\n\r\n{}"));

        Assert.StartsWith("HTTP/1.1 200 ", answer);
        Assert.Equal("\u00fcser", await Poll.Within(mirrored.Task, "the mirror", 10_000));
        await Poll.UntilAsync(() => gateway.Host.Mirror.InFlight == 0, "the mirror to finish");
        Assert.All(gateway.Host.Backends.All, b => Assert.Equal((false, 0), (b.IsDown, b.ConsecutiveFailures)));
        Assert.Equal(0, gateway.Observer.Count(Warden.Gateway.Telemetry.GatewayEvent.ShadowFailed));
    }

    [Fact]
    public async Task Forward_MalformedChunkedBody_400AndBackendUntouched()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = MarkDownAtOnce });

        var answer = await RawRequestAsync(gateway.Url, Bytes("POST /ranker/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\nZZ\r\n\r\n", [], string.Empty));

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("X-Warden-Reason: the request body could not be read (malformed or incomplete)", answer);
        AssertUntouched(gateway);
    }

    [Fact]
    public async Task Forward_ChunkedBodyPastLimit_413AndBackendUntouched()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = MarkDownAtOnce, MaxBodyBytes = 10 };
        await using var gateway = await TestGateway.StartAsync(options);

        // Exactly the limit passes; one byte more is refused while streaming.
        var atLimit = await RawRequestAsync(gateway.Url, Bytes("POST /ranker/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\na\r\n0123456789\r\n0\r\n\r\n", [], string.Empty));
        var over = await RawRequestAsync(gateway.Url, Bytes("POST /ranker/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nb\r\n0123456789a\r\n0\r\n\r\n", [], string.Empty));

        Assert.StartsWith("HTTP/1.1 200 ", atLimit);
        Assert.StartsWith("HTTP/1.1 413 ", over);
        AssertUntouched(gateway);
    }

    [Fact]
    public async Task Forward_ClientTricklesBodyPastRequestTimeout_408AndBackendUntouched()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Health = MarkDownAtOnce,
            Timeouts = new TimeoutOptions { RequestMs = 300 },
        };
        await using var gateway = await TestGateway.StartAsync(options);
        using var tcp = await ConnectAsync(gateway.Url);
        var stream = tcp.GetStream();

        // 10 of 100 announced bytes, then nothing: the backend is waiting for the client.
        await stream.WriteAsync(Bytes("POST /ranker/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", [], string.Empty));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 408 ", answer);
        Assert.Contains("X-Warden-Reason: the client did not send its request body within 300 ms (gateway.timeouts.request_ms)", answer);
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((408, "client_aborted"), (outcome.Status, outcome.Error));
        AssertUntouched(gateway);
    }

    [Fact]
    public async Task Forward_ClientDoesNotTakeAnswerPastRequestTimeout_CutAndBackendUntouched()
    {
        var chunk = new byte[1024 * 1024];
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            // 256 MiB: far more than the socket buffers between the gateway and a client that reads nothing.
            for (var i = 0; i < 256 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Health = MarkDownAtOnce,
            Timeouts = new TimeoutOptions { RequestMs = 1000 },
        };
        await using var gateway = await TestGateway.StartAsync(options);
        using var tcp = await ConnectAsync(gateway.Url);
        tcp.ReceiveBufferSize = 4096;
        await tcp.GetStream().WriteAsync(Bytes("GET /ranker/x HTTP/1.1\r\nHost: x\r\n\r\n", [], string.Empty));

        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));

        // The answer normally starts (200) before the client stalls it; on a loaded machine the
        // request timeout can fire before the backend's headers reach the gateway, and then the
        // gateway records 499. Either way the client is cut and nothing is counted against the backend.
        Assert.Equal("client_aborted", outcome.Error);
        Assert.Contains(outcome.Status, new[] { 200, 499 });
        AssertUntouched(gateway);
    }

    [Fact]
    public async Task Forward_ClientResetsMidBody_BackendUntouched()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = MarkDownAtOnce });
        using (var tcp = await ConnectAsync(gateway.Url))
        {
            await tcp.GetStream().WriteAsync(Bytes("POST /ranker/x HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n0123456789", [], string.Empty));
            await Task.Delay(200);

            // RST, not FIN.
            tcp.LingerState = new LingerOption(true, 0);
        }

        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));

        // Either way it is the client's fault: Kestrel reports a body cut short as a bad request
        // (400, no error class) or, when the reset is seen first, as an abort (499 client_aborted);
        // which one wins is a race between the RST and the body read.
        Assert.Contains((outcome.Status, outcome.Error), new[] { (400, (string?)null), (499, "client_aborted") });
        AssertUntouched(gateway);
    }

    private static void AssertUntouched(TestGateway gateway)
    {
        var state = gateway.Host.Backends.All.Single();
        Assert.False(state.IsDown, state.LastFailure);
        Assert.Equal((0, null), (state.ConsecutiveFailures, state.LastFailure));
    }

    private static byte[] Bytes(string head, byte[] middle, string tail) =>
        [.. Encoding.ASCII.GetBytes(head), .. middle, .. Encoding.ASCII.GetBytes(tail)];

    private static async Task<TcpClient> ConnectAsync(string url)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, new Uri(url).Port);
        return tcp;
    }

    private static async Task<string> RawRequestAsync(string url, byte[] request)
    {
        using var tcp = await ConnectAsync(url);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
