using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Warden.Gateway.Configuration;
using Warden.Gateway.Health;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;

namespace Warden.Gateway.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Passive_ConsecutiveFailures_MarkedDownThen503WithReason()
    {
        var options = TestGateway.Options("ranker", [("v1", RawBackend.RefusedUrl())]) with { Health = new HealthOptions { FailuresToMarkDown = 3 } };
        await using var gateway = await TestGateway.StartAsync(options);

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.GetAsync("ranker/x");
            statuses.Add((int)response.StatusCode);
            if (i == 4)
            {
                Assert.Equal(
                    "backend ranker/v1 is marked unhealthy (backend ranker/v1 refused the connection or is unreachable)",
                    response.Headers.GetValues("X-Warden-Reason").Single());
            }
        }

        Assert.Equal([502, 502, 502, 503, 503], statuses);
        Assert.Equal(("ranker", GatewayEvent.BackendMarkedDown), Assert.Single(gateway.Observer.Events));
        Assert.Equal(["connect", "connect", "connect", "unhealthy", "unhealthy"], (await gateway.Observer.OutcomesAsync(5)).Select(o => o.Error));
        Assert.Equal(HealthStatus.Down, gateway.Host.Backends.Find("ranker", "v1")!.Status);
    }

    [Fact]
    public async Task Active_ProbeFailsThenPasses_DownThenUpAndReadyzFollows()
    {
        var healthy = false;
        var probes = new List<string>();
        await using var backend = await TestBackend.StartAsync(context =>
        {
            if (context.Request.Path.StartsWithSegments("/v2/health/ready"))
            {
                lock (probes)
                {
                    probes.Add($"{context.Request.Method} {context.Request.Path}");
                }

                context.Response.StatusCode = Volatile.Read(ref healthy) ? 200 : 503;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("scored");
        });
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = new HealthOptions { IntervalMs = 100, FailuresToMarkDown = 3 } };
        await using var gateway = await TestGateway.StartAsync(options, activeHealth: true);

        // A first probe that fails marks the backend down at once.
        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.BackendMarkedDown) == 1, "the first probe to mark the backend down");
        using (var down = await gateway.Client.GetAsync("ranker/x"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal(
                $"backend ranker/v1 is marked unhealthy (health probe GET {backend.Url}v2/health/ready answered 503)",
                down.Headers.GetValues("X-Warden-Reason").Single());
        }

        var (readyStatus, readyBody) = await Readyz(gateway);
        Assert.Equal(503, readyStatus);
        Assert.False(readyBody.GetProperty("ready").GetBoolean());
        Assert.Equal(
            $"ranker/v1: production backend is down (health probe GET {backend.Url}v2/health/ready answered 503)",
            readyBody.GetProperty("reasons")[0].GetString());

        Volatile.Write(ref healthy, true);
        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.BackendMarkedUp) == 1, "a passing probe to mark the backend up");
        Assert.Equal("scored", await gateway.Client.GetStringAsync("ranker/x"));
        (readyStatus, readyBody) = await Readyz(gateway);
        Assert.Equal(200, readyStatus);
        Assert.True(readyBody.GetProperty("ready").GetBoolean());
        lock (probes)
        {
            Assert.All(probes, p => Assert.Equal("GET /v2/health/ready", p));
        }
    }

    [Fact]
    public async Task Active_FakeClock_ProbesOncePerIntervalAndMarksDownAfterConsecutiveFailures()
    {
        var healthy = true;
        var probes = 0;
        await using var backend = await TestBackend.StartAsync(context =>
        {
            Interlocked.Increment(ref probes);
            context.Response.StatusCode = Volatile.Read(ref healthy) ? 200 : 503;
            return Task.CompletedTask;
        });
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var options = TestGateway.Options("ranker", [("v1", backend.Url)]) with { Health = new HealthOptions { IntervalMs = 10_000, FailuresToMarkDown = 3 } };
        await using var gateway = await TestGateway.StartAsync(options, activeHealth: true, time: clock);

        // One probe at start, then one per 10 s of the gateway's clock, however long the wall clock runs.
        await Poll.UntilAsync(() => Volatile.Read(ref probes) == 1, "the probe at start");
        await Poll.UntilAsync(() => gateway.Host.Backends.Find("ranker", "v1")!.Status == HealthStatus.Up, "the first probe to find the backend up");
        clock.Advance(TimeSpan.FromMilliseconds(9_999));
        await Task.Delay(300);
        Assert.Equal(1, Volatile.Read(ref probes));

        Volatile.Write(ref healthy, false);
        for (var failures = 1; failures <= 3; failures++)
        {
            clock.Advance(failures == 1 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromSeconds(10));
            var expected = 1 + failures;
            await Poll.UntilAsync(() => Volatile.Read(ref probes) == expected, $"probe {expected}");
            await Poll.UntilAsync(() => gateway.Host.Backends.Find("ranker", "v1")!.ConsecutiveFailures == failures, $"failure {failures} to be counted");

            // A backend once up goes down only at the configured count of consecutive failures.
            Assert.Equal(failures < 3 ? HealthStatus.Up : HealthStatus.Down, gateway.Host.Backends.Find("ranker", "v1")!.Status);
        }

        Assert.Equal(1, gateway.Observer.Count(GatewayEvent.BackendMarkedDown));
        Volatile.Write(ref healthy, true);
        clock.Advance(TimeSpan.FromSeconds(10));
        await Poll.UntilAsync(() => gateway.Observer.Count(GatewayEvent.BackendMarkedUp) == 1, "a passing probe to mark the backend up again");
        Assert.Equal(5, Volatile.Read(ref probes));
    }

    [Fact]
    public async Task Readyz_ProductionUpButCanaryDown_Ready()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var options = TestGateway.Options("ranker", [("v1", v1.Url), ("v2", RawBackend.RefusedUrl())], canary: "v2", canaryBasisPoints: 100) with
        {
            Health = new HealthOptions { IntervalMs = 100 },
        };
        await using var gateway = await TestGateway.StartAsync(options, activeHealth: true);

        await Poll.UntilAsync(async () => (await Readyz(gateway)).Status == 200, "readiness");

        Assert.Equal(HealthStatus.Down, gateway.Host.Backends.Find("ranker", "v2")!.Status);
    }

    [Fact]
    public async Task Readyz_BeforeFirstProbe_NotReadyNotChecked()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", v1.Url)]));

        var (status, body) = await Readyz(gateway);

        Assert.Equal(503, status);
        Assert.Equal("ranker/v1: production backend not checked yet", body.GetProperty("reasons")[0].GetString());

        // Passive health counts too: one answered request makes it ready.
        await gateway.Client.GetStringAsync("ranker/x");
        Assert.Equal(200, (await Readyz(gateway)).Status);
    }

    [Fact]
    public async Task Healthz_Always200()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Options("ranker", [("v1", RawBackend.RefusedUrl())]));

        using var response = await gateway.Client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"status\":\"alive\"}", await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Status, JsonElement Body)> Readyz(TestGateway gateway)
    {
        using var response = await gateway.Client.GetAsync("readyz");
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
