using Warden.Core.Guard;
using Warden.Core.Traffic;
using Warden.Gateway.Guard;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Guard;

/// <summary>
/// The guard's in-process counts: what is a request, an error, a slow request and a drift-slow
/// request (rows exactly at each threshold), and production's P95 restarted per phase.
/// </summary>
public sealed class GuardCountersTests
{
    private const double TriggerMs = 55;

    [Theory]
    // latency ms, status, error class, counted as error, counted as slow. Slow means above the trigger: 55 ms exactly is not.
    [InlineData(54.999, 200, null, false, false)]
    [InlineData(55.0, 200, null, false, false)]
    [InlineData(55.001, 200, null, false, true)]
    [InlineData(3.0, 500, "5xx", true, false)]
    [InlineData(10_000.0, 504, "timeout", true, true)]
    [InlineData(1.0, 502, "connect", true, false)]
    [InlineData(80.0, 499, "client_aborted", false, true)]
    public void RequestCompleted_OneRequest_CountsErrorsAndSlowAgainstTheTrigger(double latencyMs, int status, string? error, bool isError, bool isSlow)
    {
        var counters = new GuardCounters(TriggerMs);

        counters.RequestCompleted(Outcome("v2", TrafficArm.Canary, latencyMs, status, error));

        Assert.Equal(new GuardCounts(1, isError ? 1 : 0, isSlow ? 1 : 0, 0, 0, 0, 0), counters.Read("ranker", "v2"));
    }

    [Fact]
    public void RequestCompleted_Shadow_IsNotCounted()
    {
        var counters = new GuardCounters(TriggerMs);

        counters.RequestCompleted(Outcome("v2", TrafficArm.Shadow, 500, 500, "5xx"));

        Assert.Equal(default, counters.Read("ranker", "v2"));
    }

    [Fact]
    public void SetDriftThreshold_CountsOnlyLaterRequestsAboveIt()
    {
        var counters = new GuardCounters(TriggerMs);
        counters.RequestCompleted(Outcome("v2", TrafficArm.Canary, 30, 200));

        counters.SetDriftThreshold("ranker", "v2", 20);
        foreach (var ms in new[] { 19.999, 20.0, 20.001, 45.0 })
        {
            counters.RequestCompleted(Outcome("v2", TrafficArm.Canary, ms, 200));
        }

        // 4 requests since the threshold was set; 20.001 and 45 are above 20, 20.0 exactly is not.
        var counts = counters.Read("ranker", "v2");
        Assert.Equal((5L, 4L, 2L), (counts.Requests, counts.DriftRequests, counts.DriftSlow));
    }

    [Fact]
    public void P95Ms_AfterRestart_CountsOnlyTheRequestsSinceIt()
    {
        var counters = new GuardCounters(TriggerMs);
        for (var i = 0; i < 1000; i++)
        {
            counters.RequestCompleted(Outcome("v1", TrafficArm.Production, 1, 200));
        }

        counters.RestartP95("ranker", "v1");
        Assert.Null(counters.P95Ms("ranker", "v1", 1));
        for (var i = 1; i <= 200; i++)
        {
            counters.RequestCompleted(Outcome("v1", TrafficArm.Production, i / 10.0, 200));
        }

        // 0.1, 0.2, … 20.0 ms: the P95 of those 200 is 19.0 ms (within the histogram's 0.5 %
        // relative accuracy), not the 1 ms of the 1,000 requests before the restart.
        Assert.Null(counters.P95Ms("ranker", "v1", 201));
        Assert.Equal(19.0, counters.P95Ms("ranker", "v1", 200)!.Value, 19.0 * 0.01);
        Assert.Equal(1200, counters.Read("ranker", "v1").Requests);
    }

    private static RequestOutcome Outcome(string version, TrafficArm arm, double latencyMs, int status, string? error = null) => new()
    {
        Service = "ranker",
        Version = version,
        Arm = arm,
        Start = DateTimeOffset.UnixEpoch,
        LatencyMs = latencyMs,
        Status = status,
        Error = error,
    };
}
