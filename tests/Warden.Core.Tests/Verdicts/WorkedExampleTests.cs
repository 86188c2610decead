using Warden.Core.Policy;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// The worked examples of docs/verdicts.md, so the document cannot drift from the engine. Each
/// example starts from the passing fixture (its numbers are the GO example's table) and changes
/// what the document says it changes.
/// </summary>
public sealed class WorkedExampleTests
{
    internal static VerdictEvidence Example(string name)
    {
        var e = Passing();
        return name switch
        {
            // 1. GO: novelty unproven, carried by the quorum.
            "go" => e with { NdcgDelta = Est(0.0040, -0.0020, 0.0100, 420) },

            // 2. SHADOW ONLY: compliance under-powered (40 queries), all else fine.
            "shadow" => e with
            {
                ComplianceUplift = Est(0.090, 0.015, 0.165, 40),
                ComplianceDelta = Est(0.018, 0.003, 0.033, 40),
                NdcgDelta = Est(0.0110, 0.0020, 0.0200, 40),
                AblationDrop = Est(0.074, 0.031, 0.117, 40),
            },

            // 3. SHADOW ONLY by quorum: quorum 5, throughput and novelty unproven.
            "quorum" => e with
            {
                Candidate = e.Candidate with { Throughput = Est(101.2, 97.4, 105.0, 118_000) },
                NdcgDelta = Est(0.0040, -0.0020, 0.0100, 420),
            },

            // 4. PAUSE_AND_FIX: the slow candidate.
            "pause" => e with
            {
                Candidate = e.Candidate with { P95 = Est(55.0, 53.9, 56.2, 118_000) },
                P95Drift = Est(8.8, 7.6, 10.1, 118_000),
            },

            // 5. REJECT: visual features do nothing.
            "reject" => e with
            {
                ComplianceUplift = Est(0.021, -0.010, 0.052, 500),
                ComplianceDelta = Est(0.004, -0.002, 0.010, 500),
                NdcgDelta = Est(0.0008, -0.0015, 0.0031, 500),
                AblationDrop = Est(0.004, -0.008, 0.016, 500),
                ScoreCorrelation = Est(0.991, 0.989, 0.993, 5_000),
            },

            // 6. REJECT: a tampered file beats everything else.
            "tampered" => VerdictRulesTests.ReplaceInput(
                e, "candidate.telemetry", i => i with { PinnedSha256 = "9b1c04e2" + new string('0', 56) }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    internal static VerdictPolicy PolicyFor(string name) => name == "quorum" ? new VerdictPolicy { Quorum = 5 } : Defaults;

    [Theory]
    [InlineData("go", VerdictOutcome.Go, 5, "GO: 5 of 6 GO votes (quorum 4); inconclusive ΔnDCG@10 carried by quorum")]
    [InlineData("shadow", VerdictOutcome.ShadowOnly, 5, "SHADOW ONLY: inconclusive Compliance@1 uplift")]
    [InlineData("quorum", VerdictOutcome.ShadowOnly, 4, "SHADOW ONLY: 4 of 6 GO votes (quorum 5)")]
    [InlineData("pause", VerdictOutcome.PauseAndFix, 5, "PAUSE_AND_FIX: failed P95 latency, P95 drift vs baseline")]
    [InlineData("reject", VerdictOutcome.Reject, 4, "REJECT: safety gate failed (Visual-ablation drop, v1/v2 score correlation)")]
    [InlineData("tampered", VerdictOutcome.Reject, 5, "REJECT: integrity failure (Integrity & environment)")]
    public void Decide_DocumentedExample_GivesTheDocumentedVerdict(string name, VerdictOutcome outcome, int goVotes, string rule)
    {
        var decision = VerdictEngine.Decide(Example(name), PolicyFor(name));

        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(goVotes, decision.GoVotes);
        Assert.Equal(rule, decision.Rule);
    }

    [Theory]
    [InlineData("go", "P P P P P I P P P P P P")]
    [InlineData("shadow", "I P P P P P P P P P P P")]
    [InlineData("quorum", "P P P P I I P P P P P P")]
    [InlineData("pause", "P F F P P P P P P P P P")]
    [InlineData("reject", "F P P P P I F F P P P P")]
    [InlineData("tampered", "P P P P P P P P P F P P")]
    public void Decide_DocumentedExample_ChecksHaveTheDocumentedStatuses(string name, string statuses)
    {
        var decision = VerdictEngine.Decide(Example(name), PolicyFor(name));

        Assert.Equal(statuses, string.Join(' ', decision.Checks.Select(c => c.Status.ToString()[0])));
    }

    // The Target column of the checks table in docs/verdicts.md, default policy.
    [Theory]
    [InlineData(CheckIds.ComplianceUplift, "≥ +10 % of baseline (relative), CI of Δ > 0")]
    [InlineData(CheckIds.P95, "< 50 ms (CI upper)")]
    [InlineData(CheckIds.P95Drift, "≤ +5 ms (CI upper of Δ)")]
    [InlineData(CheckIds.ErrorRate, "< 1 % (Wilson upper)")]
    [InlineData(CheckIds.Throughput, "≥ 100 req/s (CI lower)")]
    [InlineData(CheckIds.NdcgDelta, "CI of Δ > 0")]
    [InlineData(CheckIds.AblationDrop, "≥ 5 % and CI lower > 0")]
    [InlineData(CheckIds.ScoreCorrelation, "< 0.95 (CI upper)")]
    [InlineData(CheckIds.Provenance, "every input has an evidence id")]
    [InlineData(CheckIds.Environment, "pinned hashes match; both environment manifests complete; artifact sha256 as declared")]
    [InlineData(CheckIds.Api, "candidate accepts every baseline input and returns every baseline output (name, datatype, shape)")]
    [InlineData(CheckIds.Rollback, "checkpoint verified ≤ 24 h ago, load < 30 s, drill passed ≤ 7 d ago, RTO ≤ 120 s, RPO ≤ 300 s")]
    public void Decide_DefaultPolicy_TargetsReadAsDocumented(string id, string target)
    {
        Assert.Equal(target, Check(VerdictEngine.Decide(Passing(), Defaults), id).Target);
    }

    [Fact]
    public void Decide_ChangedThresholds_AppearInTargets()
    {
        var policy = new VerdictPolicy
        {
            Latency = new LatencyPolicy { P95TargetMs = 42.5, P95DriftLimitMs = 2.5 },
            ErrorRate = new ErrorRatePolicy { Limit = 0.005 },
            Provenance = new ProvenancePolicy { RequireMlflowRunId = true },
        };

        var decision = VerdictEngine.Decide(Passing(), policy);

        Assert.Equal("< 42.5 ms (CI upper)", Check(decision, CheckIds.P95).Target);
        Assert.Equal("≤ +2.5 ms (CI upper of Δ)", Check(decision, CheckIds.P95Drift).Target);
        Assert.Equal("< 0.5 % (Wilson upper)", Check(decision, CheckIds.ErrorRate).Target);
        Assert.Equal("every input has an evidence id; both arms have an MLflow run id", Check(decision, CheckIds.Provenance).Target);
        Assert.Equal(CheckStatus.Fail, Check(decision, CheckIds.P95).Status);
    }
}
