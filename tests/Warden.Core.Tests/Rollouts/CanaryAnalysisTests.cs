using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Rollouts;

/// <summary>
/// The step rules on traffic whose answer is clear by hand: the statistics themselves are tested
/// against independent values in Statistics/; here each rule, and each window bound exactly at its
/// threshold, is pinned. Defaults: P95 target 50 ms, drift limit 5 ms, error-rate limit 1 %.
/// </summary>
public sealed class CanaryAnalysisTests
{
    private static readonly CanaryStep Step = new()
    {
        WeightPercent = 5,
        MinRequests = 1000,
        MinDuration = TimeSpan.FromSeconds(120),
        MaxDuration = TimeSpan.FromSeconds(600),
    };

    private static readonly VerdictPolicy Policy = new();

    [Theory]
    [InlineData(1000, 120.0, StepOutcome.Advance)] // both minimums met exactly: judged
    [InlineData(999, 120.0, StepOutcome.Hold)] // one request short
    [InlineData(1000, 119.999, StepOutcome.Hold)] // a millisecond short
    public void Analyze_HealthyCanary_AdvancesOnlyOnACompleteWindow(long canaryRequests, double elapsedSeconds, StepOutcome expected)
    {
        var analysis = Analyze(Traffic("v2", canaryRequests, errors: 0, fromMs: 10, toMs: 20), TimeSpan.FromSeconds(elapsedSeconds));

        Assert.Equal(expected, analysis.Outcome);
        Assert.Equal(expected == StepOutcome.Advance, analysis.WindowComplete);
        Assert.Equal([CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate], analysis.Checks.Select(c => c.Id));
    }

    [Theory]
    [InlineData(99.99, true)] // production still serves 0.01 %: drift is judged against it
    [InlineData(100.0, false)] // production serves nobody: only the absolute limits
    public void Analyze_StepAtFullWeight_JudgesWithoutDrift(double weight, bool drift)
    {
        var step = Step with { WeightPercent = (decimal)weight };
        var production = weight >= 100 ? Traffic("v1", 0, errors: 0, fromMs: 10, toMs: 20) : Traffic("v1", 20_000, errors: 0, fromMs: 10, toMs: 20);

        var analysis = CanaryAnalysis.Analyze(step, TimeSpan.FromSeconds(120), production, Traffic("v2", 1000, errors: 0, fromMs: 10, toMs: 20), Policy, InconclusiveAction.Pause);

        Assert.Equal(drift ? [CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate] : [CheckIds.P95, CheckIds.ErrorRate], analysis.Checks.Select(c => c.Id));
        Assert.Equal(StepOutcome.Advance, analysis.Outcome);
    }

    [Fact]
    public void Analyze_SlowCanary_RollsBackNamingP95()
    {
        var analysis = Analyze(Traffic("v2", 1000, errors: 0, fromMs: 80, toMs: 90), TimeSpan.FromSeconds(120));

        Assert.Equal(StepOutcome.Rollback, analysis.Outcome);
        Assert.StartsWith("P95 latency failed: P95 ", analysis.Reason, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Fail, analysis.Checks[0].Status);
    }

    [Fact]
    public void Analyze_ErrorsAboveLimit_RollsBack()
    {
        // 30 of 1000: Wilson 95 % = [2.11 %, 4.26 %] by hand (center (p + z²/2n)/(1 + z²/n) =
        // 3.18 %, half-width 1.07 %), entirely above the 1 % limit.
        var analysis = Analyze(Traffic("v2", 1000, errors: 30, fromMs: 10, toMs: 20), TimeSpan.FromSeconds(120));

        Assert.Equal(StepOutcome.Rollback, analysis.Outcome);
        Assert.Equal(CheckStatus.Fail, analysis.Checks[2].Status);
        Assert.Equal(0.0211, analysis.Checks[2].Observed!.Low, 4);
    }

    [Theory]
    [InlineData(599.999, InconclusiveAction.Pause, StepOutcome.Hold)]
    [InlineData(600.0, InconclusiveAction.Pause, StepOutcome.Pause)] // exactly at the maximum
    [InlineData(600.0, InconclusiveAction.Rollback, StepOutcome.Rollback)]
    public void Analyze_InconclusiveErrorRate_HoldsUntilMaximumThenFollowsThePlan(double elapsedSeconds, InconclusiveAction plan, StepOutcome expected)
    {
        // 10 of 1000 = 1.00 %: Wilson 95 % = [0.54 %, 1.83 %] by hand, which holds the 1 % limit.
        var analysis = Analyze(Traffic("v2", 1000, errors: 10, fromMs: 10, toMs: 20), TimeSpan.FromSeconds(elapsedSeconds), plan);

        Assert.Equal(CheckStatus.Inconclusive, analysis.Checks[2].Status);
        Assert.Equal(expected, analysis.Outcome);
    }

    [Fact]
    public void Analyze_NoCanaryTraffic_HoldsWithoutJudging()
    {
        var analysis = Analyze(Traffic("v2", 0, errors: 0, fromMs: 10, toMs: 20), TimeSpan.FromSeconds(900));

        Assert.Equal(StepOutcome.Hold, analysis.Outcome);
        Assert.Equal("Window not complete: 0 of 1000 canary requests, 900 of 120 s.", analysis.Reason);
        Assert.All(analysis.Checks, c => Assert.Equal(CheckStatus.Inconclusive, c.Status));
    }

    private static StepAnalysis Analyze(ArmTraffic canary, TimeSpan elapsed, InconclusiveAction plan = InconclusiveAction.Pause) =>
        CanaryAnalysis.Analyze(Step, elapsed, Traffic("v1", 20_000, errors: 0, fromMs: 10, toMs: 20), canary, Policy, plan);

    // Latencies spread evenly over [fromMs, toMs), as 1-second windows of at most 500 requests.
    private static ArmTraffic Traffic(string version, long requests, long errors, double fromMs, double toMs)
    {
        var windows = new List<TelemetryWindow>();
        for (long start = 0, second = 0; start < requests || windows.Count == 0; start += 500, second++)
        {
            var count = Math.Min(500, requests - start);
            var buckets = new LatencyBuckets();
            for (var i = 0; i < count; i++)
            {
                buckets.Add(fromMs + ((toMs - fromMs) * (start + i) / Math.Max(1, requests)));
            }

            windows.Add(new TelemetryWindow
            {
                Service = "ranker",
                Version = version,
                Arm = version == "v1" ? TrafficArm.Production : TrafficArm.Canary,
                Start = TestWindowStart.AddSeconds(second),
                Requests = count,
                Errors = start == 0 ? errors : 0,
                ErrorsByClass = new Dictionary<string, long>(),
                RequestBytes = 0,
                ResponseBytes = 0,
                Latency = buckets.ToHistogram(),
            });
        }

        return ArmTraffic.Of(version, windows);
    }

    private static readonly DateTimeOffset TestWindowStart = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);
}
