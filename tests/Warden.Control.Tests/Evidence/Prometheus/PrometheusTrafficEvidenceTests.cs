using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>
/// A canary step judged on Prometheus' measurements: the checks' boundaries with intervals that are
/// bucket edges (a row exactly at each threshold), and a failed or empty measurement INCONCLUSIVE
/// with its reason — a hold, then the plan's on_inconclusive, never a pass.
/// </summary>
public sealed class PrometheusTrafficEvidenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);
    private static readonly CanaryStep Step = new() { WeightPercent = 5, MinRequests = 100, MinDuration = TimeSpan.FromMinutes(1), MaxDuration = TimeSpan.FromMinutes(10) };
    private static readonly double[] Edges = [1, 2.5, 5, 10, 25, 50, 100, double.PositiveInfinity];

    // Production: 1,000 requests in (5, 10] ms; the canary: 1,000 in (10, 25] ms. With every request
    // in one bucket both ranks of the interval fall in it: P95 CI [10, 25] for the canary, and the
    // drift's interval, from each arm's at 97.5 %, is [10 − 10, 25 − 5] = [0, 20].
    [Theory]
    [InlineData(9.5, CheckStatus.Fail)] // the low end 10 above the target
    [InlineData(10, CheckStatus.Inconclusive)] // the low end exactly at the target: not above it
    [InlineData(25, CheckStatus.Inconclusive)] // the high end exactly at the target: not below it
    [InlineData(25.5, CheckStatus.Pass)]
    public void Analyze_P95AgainstTarget_BoundaryRows(double targetMs, CheckStatus expected)
    {
        var policy = new VerdictPolicy { Latency = new LatencyPolicy { P95TargetMs = targetMs, P95DriftLimitMs = 100 } };

        var analysis = Analyze(Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10), Measured("v2", TrafficArm.Canary, 1000, 0, bucket: 25), policy);

        var p95 = analysis.Checks.Single(c => c.Id == CheckIds.P95);
        Assert.Equal(expected, p95.Status);
        Assert.Equal((10.0, 25.0), (p95.Observed!.Low, p95.Observed.High));
    }

    [Theory]
    [InlineData(20, CheckStatus.Pass)] // the high end of the drift exactly at the limit: within it
    [InlineData(19.5, CheckStatus.Inconclusive)]
    [InlineData(0, CheckStatus.Inconclusive)] // the low end exactly at the limit: not above it
    public void Analyze_P95DriftAgainstLimit_BoundaryRows(double limitMs, CheckStatus expected)
    {
        var policy = new VerdictPolicy { Latency = new LatencyPolicy { P95TargetMs = 1000, P95DriftLimitMs = limitMs } };

        var analysis = Analyze(Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10), Measured("v2", TrafficArm.Canary, 1000, 0, bucket: 25), policy);

        var drift = analysis.Checks.Single(c => c.Id == CheckIds.P95Drift);
        Assert.Equal(expected, drift.Status);
        Assert.Equal((0.0, 20.0, BucketQuantile.DifferenceMethod), (drift.Observed!.Low, drift.Observed.High, drift.Observed.Method));
    }

    [Fact]
    public void Analyze_ErrorRateUpperBoundExactlyAtTheLimit_InconclusiveAndJustAbovePasses()
    {
        var upper = Proportion.Wilson(2, 1000, 0.95).High;
        CheckStatus At(double limit) => Analyze(
                Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10),
                Measured("v2", TrafficArm.Canary, 1000, 2, bucket: 10),
                new VerdictPolicy { ErrorRate = new ErrorRatePolicy { Limit = limit } })
            .Checks.Single(c => c.Id == CheckIds.ErrorRate).Status;

        Assert.Equal(CheckStatus.Inconclusive, At(upper));
        Assert.Equal(CheckStatus.Pass, At(Math.BitIncrement(upper)));
    }

    [Fact]
    public void Analyze_AllPass_AdvancesAndCarriesEveryQuerysProvenance()
    {
        var analysis = Analyze(Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10), Measured("v2", TrafficArm.Canary, 1000, 0, bucket: 10), new VerdictPolicy());

        Assert.Equal(StepOutcome.Advance, analysis.Outcome);
        Assert.Equal(6, analysis.EvidenceIds.Count);
        Assert.All(analysis.EvidenceIds, id => Assert.Matches("^prom:[0-9a-f]{12}@2026-12-07T02:00:00Z/2026-12-07T02:02:00Z$", id));
    }

    [Theory]
    [InlineData(1, InconclusiveAction.Rollback, StepOutcome.Hold)]
    [InlineData(10, InconclusiveAction.Rollback, StepOutcome.Rollback)] // at the maximum itself
    [InlineData(10, InconclusiveAction.Pause, StepOutcome.Pause)]
    public void Analyze_PrometheusDown_EveryCheckInconclusiveWithTheReason(int minutes, InconclusiveAction onInconclusive, StepOutcome expected)
    {
        const string Down = "Prometheus at http://127.0.0.1:19999/api/v1/query unreachable: Connection refused";
        var production = Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10) with { Status = PrometheusQueryStatus.Errored, Reason = Down };
        var canary = Measured("v2", TrafficArm.Canary, 1000, 0, bucket: 10) with { Status = PrometheusQueryStatus.Errored, Reason = Down };

        var evidence = PrometheusTrafficEvidence.Evidence(production, canary, new VerdictPolicy());
        var analysis = CanaryAnalysis.Analyze(Step, TimeSpan.FromMinutes(minutes), evidence, new VerdictPolicy(), onInconclusive);

        Assert.Equal(expected, analysis.Outcome);
        Assert.False(analysis.WindowComplete);
        Assert.Equal(3, analysis.Checks.Count);
        Assert.All(analysis.Checks, c => Assert.Equal((CheckStatus.Inconclusive, $"No measurement: {Down}", (Estimate?)null), (c.Status, c.Reason, c.Observed)));
        Assert.Contains(Down, analysis.Reason, StringComparison.Ordinal);
        Assert.Equal(6, analysis.EvidenceIds.Count);
    }

    [Fact]
    public void Analyze_CanaryWithoutSeries_HoldsInconclusiveWithPrometheusWords()
    {
        var canary = Measured("v2", TrafficArm.Canary, 0, 0, bucket: 10) with { Status = PrometheusQueryStatus.NoData, Reason = "0 requests for service=ranker version=v2 arm=canary in x" };

        var analysis = Analyze(Measured("v1", TrafficArm.Production, 1000, 0, bucket: 10), canary, new VerdictPolicy());

        Assert.Equal(StepOutcome.Hold, analysis.Outcome);
        Assert.Equal("No measurement of the window (0 requests for service=ranker version=v2 arm=canary in x); looking again until 600 s.", analysis.Reason);
        Assert.All(analysis.Checks, c => Assert.Equal(CheckStatus.Inconclusive, c.Status));
    }

    private static StepAnalysis Analyze(PrometheusTrafficMeasurement production, PrometheusTrafficMeasurement canary, VerdictPolicy policy) =>
        CanaryAnalysis.Analyze(Step, TimeSpan.FromMinutes(2), PrometheusTrafficEvidence.Evidence(production, canary, policy), policy, InconclusiveAction.Rollback);

    // A measurement as PrometheusTrafficQuery makes it: every request in the bucket whose upper edge is `bucket`.
    private static PrometheusTrafficMeasurement Measured(string version, TrafficArm arm, long requests, long errors, double bucket)
    {
        var end = Start.AddMinutes(2);
        string[] queries = [$"requests {version}", $"errors {version}", $"buckets {version}"];
        var buckets = Edges.Select(e => (e, e >= bucket ? requests : 0L)).ToArray();
        return new PrometheusTrafficMeasurement
        {
            Service = "ranker",
            Version = version,
            Arm = arm,
            Start = Start,
            End = end,
            Status = PrometheusQueryStatus.Samples,
            Queries = [.. queries],
            Provenance = [.. queries.Select(q => PrometheusProvenance.Of(q, Start, end))],
            Requests = requests,
            Errors = errors,
            Buckets = [.. buckets],
            ErrorRate = requests > 0 ? Proportion.Wilson(errors, requests, 0.95) : null,
            P95 = requests > 0 ? BucketQuantile.Of(buckets, 0.95, 0.95) : null,
        };
    }
}
