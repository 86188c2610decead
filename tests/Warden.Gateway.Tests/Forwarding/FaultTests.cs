using System.Net;
using System.Text.Json;
using Warden.Core.Traffic;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Forwarding;

/// <summary>Every way a backend or a request can go wrong gets a clear answer, a counted outcome, and no leaked connection.</summary>
public sealed class FaultTests
{
    [Theory]
    [InlineData(RawMode.ResetBeforeResponse, "backend ranker/v1 closed the connection before the response was complete", "reset")]
    [InlineData(RawMode.Garbage, "backend ranker/v1 sent an invalid HTTP response", "reset")]
    public async Task Forward_BackendMisbehaves_502WithReason(RawMode mode, string reason, string errorClass)
    {
        using var backend = new RawBackend(mode);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        using var response = await gateway.Client.GetAsync("ranker/x");

        await AssertAnswer(response, HttpStatusCode.BadGateway, reason, "ranker", "v1");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((502, errorClass), (outcome.Status, outcome.Error));
    }

    [Fact]
    public async Task Forward_ConnectionRefused_502Connect()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", RawBackend.RefusedUrl())]));

        using var response = await gateway.Client.GetAsync("ranker/x");

        await AssertAnswer(response, HttpStatusCode.BadGateway, "backend ranker/v1 refused the connection or is unreachable", "ranker", "v1");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((502, "connect", TrafficArm.Production), (outcome.Status, outcome.Error, outcome.Arm));
    }

    [Fact]
    public async Task Forward_BackendNeverAcceptsConnection_504ConnectTimeout()
    {
        using var backend = await SilentListener.StartAsync();
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Timeouts = new TimeoutOptions { ConnectMs = 300, RequestMs = 10_000 } };
        await using var gateway = await TestGateway.StartAsync(options);

        using var response = await gateway.Client.GetAsync("ranker/x");

        // The connect timeout answers, not the 10 s request timeout.
        await AssertAnswer(response, HttpStatusCode.GatewayTimeout, "backend ranker/v1 did not accept a connection within 300 ms (gateway.timeouts.connect_ms)", "ranker", "v1");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((504, "timeout"), (outcome.Status, outcome.Error));
        Assert.InRange(outcome.LatencyMs, 250, 5_000);
    }

    [Fact]
    public async Task Forward_ResetMidResponse_ClientConnectionCutNotCompleted()
    {
        using var backend = new RawBackend(RawMode.ResetMidResponse);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));

        // Headers (200) and 1,000 of 100,000 announced bytes went out before the reset: the
        // client must see a broken body, never a short one that looks complete.
        await Assert.ThrowsAsync<HttpRequestException>(() => gateway.Client.GetByteArrayAsync("ranker/x"));

        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((200, "reset", 1000L), (outcome.Status, outcome.Error, outcome.ResponseBytes));
    }

    [Fact]
    public async Task Forward_BackendNeverAnswers_504AndBackendConnectionClosed()
    {
        using var backend = new RawBackend(RawMode.Hang);
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Timeouts = new TimeoutOptions { RequestMs = 300 } };
        await using var gateway = await TestGateway.StartAsync(options);

        using var response = await gateway.Client.GetAsync("ranker/x");

        await AssertAnswer(response, HttpStatusCode.GatewayTimeout, "backend ranker/v1 did not answer within 300 ms (gateway.timeouts.request_ms)", "ranker", "v1");
        var timedOut = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((504, "timeout"), (timedOut.Status, timedOut.Error));
        await Poll.UntilAsync(() => backend.ClosedByPeer == 1, "the gateway to close its connection to the silent backend");
    }

    [Fact]
    public async Task Forward_ManyTimeouts_EveryBackendConnectionClosed()
    {
        using var backend = new RawBackend(RawMode.Hang);
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with
        {
            Timeouts = new TimeoutOptions { RequestMs = 200 },
            Health = new HealthOptions { FailuresToMarkDown = 1000 },
        };
        await using var gateway = await TestGateway.StartAsync(options);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await gateway.Client.GetAsync($"ranker/{i}");
            return (int)response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(504, s));
        Assert.Equal(20, backend.Accepted);
        await Poll.UntilAsync(() => backend.ClosedByPeer == 20, "all 20 backend connections to be closed");
    }

    [Fact]
    public async Task Forward_ClientGoesAway_BackendCallCancelledAndConnectionClosed()
    {
        using var backend = new RawBackend(RawMode.Hang);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]));
        using var cts = new CancellationTokenSource();

        var call = gateway.Client.GetAsync("ranker/x", cts.Token);
        await Poll.UntilAsync(() => backend.Accepted == 1, "the backend to receive the request");
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Poll.UntilAsync(() => backend.ClosedByPeer == 1, "the gateway to cancel the backend call");
        var outcome = Assert.Single(await gateway.Observer.OutcomesAsync(1));
        Assert.Equal((499, "client_aborted"), (outcome.Status, outcome.Error));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public async Task Forward_BodyOverLimit_413AndCounted(bool shadow, bool announced)
    {
        var calls = 0;
        await using var backend = await TestBackend.StartAsync(async context =>
        {
            Interlocked.Increment(ref calls);
            await context.Request.Body.CopyToAsync(Stream.Null);
        });
        var options = TestGateway.Options("ranker", [("v1", backend.Url), ("v2", backend.Url)], shadow: shadow ? "v2" : null) with { MaxBodyBytes = 1000 };
        await using var gateway = await TestGateway.StartAsync(options);
        HttpContent content = announced
            ? new ByteArrayContent(new byte[5000])
            : new StreamContent(new NonSeekableStream(new byte[5000]));

        // An inference path, so that with a shadow the body is buffered for the mirror (and refused before anything is sent).
        using var response = await gateway.Client.PostAsync("ranker/v2/models/ranker/infer", content);

        await AssertAnswer(response, HttpStatusCode.RequestEntityTooLarge, "request body larger than 1000 bytes (gateway.max_body_bytes)", "ranker", "v1");

        // Counted once the answer is written: the client may read it a moment before.
        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.BodyTooLarge) == 1, "the BodyTooLarge event");
        Assert.Equal(1, gateway.Observer.Count(GatewayEvent.BodyTooLarge));
        Assert.Empty(gateway.Observer.Outcomes);
        if (announced || shadow)
        {
            // Refused before any byte was forwarded.
            Assert.Equal(0, calls);
        }
    }

    [Fact]
    public async Task Forward_BodyAtLimit_Forwarded()
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", backend.Url)]) with { MaxBodyBytes = 1000 });

        using var response = await gateway.Client.PostAsync("ranker/infer", new StreamContent(new NonSeekableStream(new byte[1000])));

        Assert.Equal(1000, EchoReply.Parse(await response.Content.ReadAsStringAsync()).BodyLength);
    }

    [Theory]
    [InlineData("nope/v2/models", "unknown service 'nope'; known services: ranker, search", "nope")]
    [InlineData("", "no service in the path; send /{service}/...; known services: ranker, search", null)]
    [InlineData("metrics", "/metrics is reserved for the gateway and not served at /metrics", "metrics")]
    [InlineData("Ranker/x", "unknown service 'Ranker'; known services: ranker, search", "Ranker")]
    public async Task Forward_NoSuchService_404ListsServices(string path, string reason, string? service)
    {
        await using var backend = await TestBackend.EchoAsync("v1");
        var options = new GatewayOptions
        {
            Services =
            [
                TestGateway.Service("ranker", [("v1", backend.Url)]),
                TestGateway.Service("search", [("v1", backend.Url)]),
            ],
        };
        await using var gateway = await TestGateway.StartAsync(options);

        using var response = await gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(reason, response.Headers.GetValues("X-Warden-Reason").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(service, body.RootElement.GetProperty("service").GetString());
        Assert.Equal(["ranker", "search"], body.RootElement.GetProperty("services").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(GatewayEvent.UnknownService, Assert.Single(gateway.Observer.Events).Kind);
        Assert.Empty(gateway.Observer.Outcomes);
    }

    [Fact]
    public async Task Forward_AfterEveryFault_GatewayStillServes()
    {
        using var hang = new RawBackend(RawMode.Hang);
        using var reset = new RawBackend(RawMode.ResetMidResponse);
        using var garbage = new RawBackend(RawMode.Garbage);
        await using var good = await TestBackend.EchoAsync("ok");
        var options = new GatewayOptions
        {
            Timeouts = new TimeoutOptions { RequestMs = 200 },
            Services =
            [
                TestGateway.Service("hang", [("v1", hang.Url)]),
                TestGateway.Service("reset", [("v1", reset.Url)]),
                TestGateway.Service("garbage", [("v1", garbage.Url)]),
                TestGateway.Service("refused", [("v1", RawBackend.RefusedUrl())]),
                TestGateway.Service("good", [("v1", good.Url)]),
            ],
        };
        await using var gateway = await TestGateway.StartAsync(options);

        foreach (var service in (string[])["hang", "reset", "garbage", "refused"])
        {
            try
            {
                using var response = await gateway.Client.GetAsync($"{service}/x");
                Assert.True((int)response.StatusCode >= 500, $"{service} answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException)
            {
                // The reset mid-response cuts the client connection, as it must.
            }
        }

        Assert.Equal("ok", EchoReply.Parse(await gateway.Client.GetStringAsync("good/x")).Version);
    }

    private static async Task AssertAnswer(HttpResponseMessage response, HttpStatusCode status, string reason, string service, string version)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(reason, response.Headers.GetValues("X-Warden-Reason").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(service, body.RootElement.GetProperty("service").GetString());
        Assert.Equal(version, body.RootElement.GetProperty("version").GetString());
    }

    // A stream without a length, so HttpClient sends it chunked.
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
