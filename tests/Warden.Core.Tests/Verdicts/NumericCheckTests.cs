using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// Every numeric row of the checks table: PASS, FAIL and INCONCLUSIVE, boundaries, too few
/// samples, unbounded intervals and missing data. Each case changes one estimate of the passing
/// fixture; expected statuses follow from the bounds chosen against the DESIGN.md defaults
/// (uplift ≥ +10 %, P95 &lt; 50 ms, drift ≤ +5 ms, error rate &lt; 1 %, ≥ 100 req/s, ablation drop
/// ≥ 5 %, correlation &lt; 0.95, 30 queries, 1000 requests, 100 score pairs), and the expected
/// reasons are those numbers written out by hand.
/// </summary>
public sealed class NumericCheckTests
{
    private static readonly VerdictPolicy Absolute = new() { Compliance = new CompliancePolicy { UpliftMode = UpliftMode.Absolute } };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["uplift pass"] = new(CheckIds.ComplianceUplift, CheckStatus.Pass,
            "Compliance@1 uplift +12.3 % of baseline (relative), CI95 [+10.4, +14.2] meets the +10 % target and Δ +2.5 points, CI95 [+1.2, +3.8] is entirely above 0.",
            e => e),
        ["uplift fail"] = new(CheckIds.ComplianceUplift, CheckStatus.Fail,
            "Compliance@1 uplift +3.1 % of baseline (relative), CI95 [+0.2, +6.0] is entirely below the +10 % target.",
            e => e with { ComplianceUplift = Est(0.031, 0.002, 0.060) }),
        ["uplift straddles target"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "Compliance@1 uplift +8.0 % of baseline (relative), CI95 [+2.0, +14.0] is below the +10 % target, but the interval still reaches it.",
            e => e with { ComplianceUplift = Est(0.080, 0.020, 0.140) }),
        ["uplift met but delta includes 0"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "Compliance@1 uplift +12.3 % of baseline (relative), CI95 [+10.4, +14.2] meets the +10 % target, but Δ +2.0 points, CI95 [-0.4, +5.1] does not exclude 0.",
            e => e with { ComplianceDelta = Est(0.020, -0.004, 0.051) }),
        ["uplift absolute pass"] = new(CheckIds.ComplianceUplift, CheckStatus.Pass,
            "Compliance@1 uplift +12.3 points (absolute), CI95 [+10.4, +14.2] meets the +10.0 points target and Δ +12.3 points, CI95 [+10.4, +14.2] is entirely above 0.",
            e => e with { ComplianceDelta = Est(0.123, 0.104, 0.142) }, Absolute),
        ["uplift absolute fail"] = new(CheckIds.ComplianceUplift, CheckStatus.Fail,
            "Compliance@1 uplift +5.0 points (absolute), CI95 [+3.0, +7.0] is entirely below the +10.0 points target.",
            e => e with { ComplianceUplift = Est(0.05, 0.03, 0.07), ComplianceDelta = Est(0.05, 0.03, 0.07) }, Absolute),
        ["uplift too few queries"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "Only 29 queries, fewer than the 30 the policy requires (minimum_samples.queries), so Compliance@1 uplift is not judged.",
            e => e with { ComplianceDelta = Est(0.025, 0.012, 0.038, n: 29) }),
        ["uplift missing"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "No Compliance@1 uplift in the evidence; nothing to judge.",
            e => e with { ComplianceUplift = null }),
        ["uplift delta missing"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "No paired Compliance@1 Δ in the evidence; nothing to judge.",
            e => e with { ComplianceDelta = null }),
        ["uplift over a zero baseline"] = new(CheckIds.ComplianceUplift, CheckStatus.Inconclusive,
            "Compliance@1 uplift +∞, CI95 [+∞, +∞] is not bounded (test, n = 500), so it cannot be compared with the target.",
            e => e with { ComplianceUplift = Est(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity) }),

        ["ndcg pass"] = new(CheckIds.NdcgDelta, CheckStatus.Pass,
            "ΔnDCG@10 +0.0123, CI95 [+0.0051, +0.0197] is entirely above 0.", e => e),
        ["ndcg fail"] = new(CheckIds.NdcgDelta, CheckStatus.Fail,
            "ΔnDCG@10 -0.0200, CI95 [-0.0300, -0.0100] is entirely below 0.",
            e => e with { NdcgDelta = Est(-0.020, -0.030, -0.010) }),
        ["ndcg includes 0"] = new(CheckIds.NdcgDelta, CheckStatus.Inconclusive,
            "ΔnDCG@10 +0.0040, CI95 [-0.0020, +0.0100] includes 0.",
            e => e with { NdcgDelta = Est(0.004, -0.002, 0.010) }),
        ["ndcg too few queries"] = new(CheckIds.NdcgDelta, CheckStatus.Inconclusive,
            "Only 12 queries, fewer than the 30 the policy requires (minimum_samples.queries), so ΔnDCG@10 is not judged.",
            e => e with { NdcgDelta = Est(0.0123, 0.0051, 0.0197, n: 12) }),
        ["ndcg missing"] = new(CheckIds.NdcgDelta, CheckStatus.Inconclusive,
            "No paired nDCG@10 Δ in the evidence; nothing to judge.",
            e => e with { NdcgDelta = null }),

        ["p95 pass"] = new(CheckIds.P95, CheckStatus.Pass,
            "P95 47.8 ms, CI95 [46.9, 48.7] entirely below the 50 ms target.", e => e),
        ["p95 fail"] = new(CheckIds.P95, CheckStatus.Fail,
            "P95 55.0 ms, CI95 [52.0, 58.0] entirely above the 50 ms target.",
            e => WithCandidate(e, c => c with { P95 = Est(55, 52, 58) })),
        ["p95 straddles target"] = new(CheckIds.P95, CheckStatus.Inconclusive,
            "P95 49.5 ms, CI95 [48.0, 51.2] includes the 50 ms target.",
            e => WithCandidate(e, c => c with { P95 = Est(49.5, 48.0, 51.2) })),
        ["p95 upper bound equals target"] = new(CheckIds.P95, CheckStatus.Inconclusive,
            "P95 49.0 ms, CI95 [48.0, 50.0] includes the 50 ms target.",
            e => WithCandidate(e, c => c with { P95 = Est(49, 48, 50) })),
        ["p95 too few requests"] = new(CheckIds.P95, CheckStatus.Inconclusive,
            "Only 999 candidate requests, fewer than the 1000 the policy requires (minimum_samples.requests), so P95 latency is not judged.",
            e => WithCandidate(e, c => c with { Requests = 999 })),
        ["p95 infinite upper bound"] = new(CheckIds.P95, CheckStatus.Inconclusive,
            "P95 latency 60.0, CI95 [55.0, ∞] is not bounded (order-statistic (upper bound needs n ≥ 59), n = 40), so it cannot be compared with the target.",
            e => WithCandidate(e, c => c with { P95 = Est(60, 55, double.PositiveInfinity, 40, "order-statistic (upper bound needs n ≥ 59)") })),
        ["p95 missing"] = new(CheckIds.P95, CheckStatus.Inconclusive,
            "No candidate P95 latency in the evidence; nothing to judge.",
            e => WithCandidate(e, c => c with { P95 = null })),

        ["drift pass"] = new(CheckIds.P95Drift, CheckStatus.Pass,
            "P95 drift +1.6 ms vs baseline, CI95 [+0.9, +2.4], upper bound within the +5 ms limit.", e => e),
        ["drift upper bound equals limit"] = new(CheckIds.P95Drift, CheckStatus.Pass,
            "P95 drift +4.0 ms vs baseline, CI95 [+3.0, +5.0], upper bound within the +5 ms limit.",
            e => e with { P95Drift = Est(4, 3, 5) }),
        ["drift fail"] = new(CheckIds.P95Drift, CheckStatus.Fail,
            "P95 drift +8.0 ms vs baseline, CI95 [+6.1, +9.9] entirely above the +5 ms limit.",
            e => e with { P95Drift = Est(8, 6.1, 9.9) }),
        ["drift straddles limit"] = new(CheckIds.P95Drift, CheckStatus.Inconclusive,
            "P95 drift +4.5 ms vs baseline, CI95 [+3.0, +6.0] includes the +5 ms limit.",
            e => e with { P95Drift = Est(4.5, 3, 6) }),
        ["drift too few baseline requests"] = new(CheckIds.P95Drift, CheckStatus.Inconclusive,
            "Only 500 baseline requests, fewer than the 1000 the policy requires (minimum_samples.requests), so P95 drift vs baseline is not judged.",
            e => e with { Baseline = e.Baseline with { Requests = 500 } }),
        ["drift too few on both arms"] = new(CheckIds.P95Drift, CheckStatus.Inconclusive,
            "Only 500 baseline and 800 candidate requests, fewer than the 1000 the policy requires (minimum_samples.requests), so P95 drift vs baseline is not judged.",
            e => WithCandidate(e with { Baseline = e.Baseline with { Requests = 500 } }, c => c with { Requests = 800 })),

        ["error rate pass"] = new(CheckIds.ErrorRate, CheckStatus.Pass,
            "Error rate 0.42 %, CI95 [0.31, 0.56] entirely below the 1 % limit.", e => e),
        ["error rate fail"] = new(CheckIds.ErrorRate, CheckStatus.Fail,
            "Error rate 1.50 %, CI95 [1.20, 1.80] entirely above the 1 % limit.",
            e => WithCandidate(e, c => c with { ErrorRate = Est(0.015, 0.012, 0.018) })),
        ["error rate straddles limit"] = new(CheckIds.ErrorRate, CheckStatus.Inconclusive,
            "Error rate 0.90 %, CI95 [0.70, 1.15] includes the 1 % limit.",
            e => WithCandidate(e, c => c with { ErrorRate = Est(0.009, 0.007, 0.0115) })),
        ["error rate too few requests"] = new(CheckIds.ErrorRate, CheckStatus.Inconclusive,
            "Only 10 candidate requests, fewer than the 1000 the policy requires (minimum_samples.requests), so Error rate is not judged.",
            e => WithCandidate(e, c => c with { Requests = 10 })),

        ["throughput pass"] = new(CheckIds.Throughput, CheckStatus.Pass,
            "Throughput 152.3 req/s, CI95 [150.1, 154.5], lower bound at or above the 100 req/s target.", e => e),
        ["throughput lower bound equals target"] = new(CheckIds.Throughput, CheckStatus.Pass,
            "Throughput 104.0 req/s, CI95 [100.0, 108.0], lower bound at or above the 100 req/s target.",
            e => WithCandidate(e, c => c with { Throughput = Est(104, 100, 108) })),
        ["throughput fail"] = new(CheckIds.Throughput, CheckStatus.Fail,
            "Throughput 80.0 req/s, CI95 [75.0, 85.0] entirely below the 100 req/s target.",
            e => WithCandidate(e, c => c with { Throughput = Est(80, 75, 85) })),
        ["throughput straddles target"] = new(CheckIds.Throughput, CheckStatus.Inconclusive,
            "Throughput 101.0 req/s, CI95 [96.0, 106.0] includes the 100 req/s target.",
            e => WithCandidate(e, c => c with { Throughput = Est(101, 96, 106) })),
        ["throughput too few requests"] = new(CheckIds.Throughput, CheckStatus.Inconclusive,
            "Only 10 candidate requests, fewer than the 1000 the policy requires (minimum_samples.requests), so Throughput is not judged.",
            e => WithCandidate(e, c => c with { Requests = 10 })),

        ["ablation pass"] = new(CheckIds.AblationDrop, CheckStatus.Pass,
            "Visual-ablation drop +8.2 %, CI95 [+5.1, +11.3] meets the 5 % minimum with the lower bound above 0.", e => e),
        ["ablation fail"] = new(CheckIds.AblationDrop, CheckStatus.Fail,
            "Visual-ablation drop +1.0 %, CI95 [-0.5, +2.5] entirely below the 5 % minimum.",
            e => e with { AblationDrop = Est(0.010, -0.005, 0.025) }),
        ["ablation met but interval reaches 0"] = new(CheckIds.AblationDrop, CheckStatus.Inconclusive,
            "Visual-ablation drop +6.0 %, CI95 [-1.0, +13.0] meets the 5 % minimum, but the interval does not exclude 0.",
            e => e with { AblationDrop = Est(0.06, -0.01, 0.13) }),
        ["ablation straddles minimum"] = new(CheckIds.AblationDrop, CheckStatus.Inconclusive,
            "Visual-ablation drop +4.0 %, CI95 [+1.0, +7.0] is below the 5 % minimum, but the interval still reaches it.",
            e => e with { AblationDrop = Est(0.04, 0.01, 0.07) }),
        ["ablation too few queries"] = new(CheckIds.AblationDrop, CheckStatus.Inconclusive,
            "Only 10 queries, fewer than the 30 the policy requires (minimum_samples.queries), so Visual-ablation drop is not judged.",
            e => e with { AblationDrop = Est(0.082, 0.051, 0.113, n: 10) }),

        ["correlation pass"] = new(CheckIds.ScoreCorrelation, CheckStatus.Pass,
            "v1/v2 score correlation 0.812, CI95 [0.790, 0.832] entirely below the 0.95 maximum.", e => e),
        ["correlation lower bound equals maximum"] = new(CheckIds.ScoreCorrelation, CheckStatus.Fail,
            "v1/v2 score correlation 0.970, CI95 [0.950, 0.980] at or above the 0.95 maximum.",
            e => e with { ScoreCorrelation = Est(0.97, 0.95, 0.98, 5_000) }),
        ["correlation straddles maximum"] = new(CheckIds.ScoreCorrelation, CheckStatus.Inconclusive,
            "v1/v2 score correlation 0.940, CI95 [0.930, 0.960] includes the 0.95 maximum.",
            e => e with { ScoreCorrelation = Est(0.94, 0.93, 0.96, 5_000) }),
        ["correlation too few pairs"] = new(CheckIds.ScoreCorrelation, CheckStatus.Inconclusive,
            "Only 99 score pairs, fewer than the 100 the policy requires (minimum_samples.score_pairs), so v1/v2 score correlation is not judged.",
            e => e with { ScoreCorrelation = Est(0.812, 0.790, 0.832, 99) }),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_CheckTableRow_GivesStatusAndReason(string name)
    {
        var @case = Cases[name];
        var evidence = @case.Change(Passing());

        var check = Check(VerdictEngine.Decide(evidence, @case.Policy ?? Defaults), @case.Id);

        Assert.Equal(@case.Status, check.Status);
        Assert.Equal(@case.Reason, check.Reason);
    }

    [Theory]
    [InlineData(UpliftMode.Relative, "≥ +10 % of baseline (relative), CI of Δ > 0")]
    [InlineData(UpliftMode.Absolute, "≥ +10.0 points (absolute), CI of Δ > 0")]
    public void Decide_UpliftMode_TargetSaysTheModeExplicitly(UpliftMode mode, string target)
    {
        var policy = new VerdictPolicy { Compliance = new CompliancePolicy { UpliftMode = mode } };

        Assert.Equal(target, Check(VerdictEngine.Decide(Passing(), policy), CheckIds.ComplianceUplift).Target);
    }

    [Fact]
    public void Decide_NumericChecks_CiteTheirEstimatesEvidenceAndObservedValue()
    {
        var evidence = Passing();
        var decision = VerdictEngine.Decide(evidence, Defaults);

        var p95 = Check(decision, CheckIds.P95);
        Assert.Same(evidence.Candidate.P95, p95.Observed);
        Assert.Equal(Ids("candidate.telemetry"), p95.Evidence.ToArray());

        // Uplift and Δ cite the same three files; the union keeps each once, in order.
        var uplift = Check(decision, CheckIds.ComplianceUplift);
        Assert.Same(evidence.ComplianceUplift, uplift.Observed);
        Assert.Equal(Ids("baseline.run", "candidate.run", "judgments.compliance"), uplift.Evidence.ToArray());
    }

    [Fact]
    public void Decide_TooFewSamples_KeepsTheEstimateAsObserved()
    {
        var evidence = WithCandidate(Passing(), c => c with { Requests = 999 });

        var p95 = Check(VerdictEngine.Decide(evidence, Defaults), CheckIds.P95);

        Assert.Same(evidence.Candidate.P95, p95.Observed);
        Assert.Equal(Ids("candidate.telemetry"), p95.Evidence.ToArray());
    }

    [Fact]
    public void Decide_ConfidenceOfTheEstimate_LabelsTheInterval()
    {
        var evidence = WithCandidate(Passing(), c => c with { P95 = Est(47.8, 46.9, 48.7) with { Confidence = 0.99 } });

        Assert.Equal(
            "P95 47.8 ms, CI99 [46.9, 48.7] entirely below the 50 ms target.",
            Check(VerdictEngine.Decide(evidence, Defaults), CheckIds.P95).Reason);
    }

    [Fact]
    public void Decide_PolicyMinimums_AreReadFromThePolicy()
    {
        // 500 queries pass the default 30 but not a minimum of 501.
        var policy = new VerdictPolicy { MinimumSamples = new MinimumSamplesPolicy { Queries = 501 } };

        var decision = VerdictEngine.Decide(Passing(), policy);

        Assert.Equal(CheckStatus.Inconclusive, Check(decision, CheckIds.ComplianceUplift).Status);
        Assert.Equal(CheckStatus.Inconclusive, Check(decision, CheckIds.NdcgDelta).Status);
        Assert.Equal(CheckStatus.Inconclusive, Check(decision, CheckIds.AblationDrop).Status);
        Assert.Equal(CheckStatus.Pass, Check(decision, CheckIds.ScoreCorrelation).Status);
    }

    internal static VerdictEvidence WithCandidate(VerdictEvidence evidence, Func<ArmMeasurements, ArmMeasurements> change) =>
        evidence with { Candidate = change(evidence.Candidate) };

    private sealed record Case(string Id, CheckStatus Status, string Reason, Func<VerdictEvidence, VerdictEvidence> Change, VerdictPolicy? Policy = null);
}
