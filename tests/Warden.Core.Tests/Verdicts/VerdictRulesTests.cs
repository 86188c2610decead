using Warden.Core.Bundle;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// The four verdict rules, their precedence (REJECT over PAUSE_AND_FIX over SHADOW ONLY over GO),
/// the rule text and the findings with their hierarchy order. Each case breaks the passing
/// fixture in a known way; the expected outcome follows from the rules in docs/verdicts.md.
/// </summary>
public sealed class VerdictRulesTests
{
    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["everything passes"] = new(VerdictOutcome.Go,
            "GO: every check passed; 6 of 6 GO votes (quorum 4)",
            [CheckIds.ComplianceUplift, CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate, CheckIds.Throughput, CheckIds.NdcgDelta],
            e => e),
        ["ablation drop fails"] = new(VerdictOutcome.Reject,
            "REJECT: safety gate failed (Visual-ablation drop)", [CheckIds.AblationDrop],
            e => e with { AblationDrop = Est(0.010, -0.005, 0.025) }),
        ["score correlation fails"] = new(VerdictOutcome.Reject,
            "REJECT: safety gate failed (v1/v2 score correlation)", [CheckIds.ScoreCorrelation],
            e => e with { ScoreCorrelation = Est(0.99, 0.985, 0.993, 5_000) }),
        ["pinned hash tampered"] = new(VerdictOutcome.Reject,
            "REJECT: integrity failure (Integrity & environment)", [CheckIds.Environment],
            e => ReplaceInput(e, "candidate.telemetry", i => i with { PinnedSha256 = new string('f', 64) })),
        ["provenance missing"] = new(VerdictOutcome.Reject,
            "REJECT: integrity failure (Provenance)", [CheckIds.Provenance],
            e => ReplaceInput(e, "judgments.qrels", i => i with { Id = null, Problem = "file not found" })),
        ["environment manifest missing"] = new(VerdictOutcome.Reject,
            "REJECT: integrity failure (Integrity & environment)", [CheckIds.Environment],
            e => e with { Baseline = e.Baseline with { Environment = null } }),
        ["compliance significantly worse"] = new(VerdictOutcome.Reject,
            "REJECT: Compliance@1 significantly worse (Δ CI95 [-5.0, -1.0] points)", [CheckIds.ComplianceUplift],
            e => e with { ComplianceUplift = Est(-0.12, -0.20, -0.04), ComplianceDelta = Est(-0.03, -0.05, -0.01) }),
        ["compliance significantly worse on too few queries"] = new(VerdictOutcome.Reject,
            "REJECT: Compliance@1 significantly worse (Δ CI95 [-5.0, -1.0] points)", [CheckIds.ComplianceUplift],
            e => e with { ComplianceUplift = Est(-0.12, -0.20, -0.04, 20), ComplianceDelta = Est(-0.03, -0.05, -0.01, 20) }),
        ["ndcg significantly worse"] = new(VerdictOutcome.Reject,
            "REJECT: nDCG@10 significantly worse (Δ CI95 [-0.0300, -0.0100])", [CheckIds.NdcgDelta],
            e => e with { NdcgDelta = Est(-0.020, -0.030, -0.010) }),
        // Boundary: "significantly worse" is a Δ interval entirely below 0 (docs/verdicts.md); one
        // ending exactly at 0 still reaches 0, so it is not a REJECT (High < 0, not <= 0).
        ["ndcg delta ending exactly at 0 is not worse"] = new(VerdictOutcome.Go,
            "GO: 5 of 6 GO votes (quorum 4); inconclusive ΔnDCG@10 carried by quorum",
            [CheckIds.ComplianceUplift, CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate, CheckIds.Throughput, CheckIds.NdcgDelta],
            e => e with { NdcgDelta = Est(-0.010, -0.020, 0.0) }),
        ["compliance delta ending exactly at 0 is not worse"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed Compliance@1 uplift", [CheckIds.ComplianceUplift],
            e => e with { ComplianceUplift = Est(-0.05, -0.10, 0.0), ComplianceDelta = Est(-0.01, -0.02, 0.0) }),
        ["reject beats pause"] = new(VerdictOutcome.Reject,
            "REJECT: safety gate failed (Visual-ablation drop)", [CheckIds.AblationDrop],
            e => e with { AblationDrop = Est(0.010, -0.005, 0.025), Candidate = e.Candidate with { P95 = Est(55, 52, 58), Metadata = null } }),
        ["every reject reason at once"] = new(VerdictOutcome.Reject,
            "REJECT: Compliance@1 significantly worse (Δ CI95 [-5.0, -1.0] points); nDCG@10 significantly worse (Δ CI95 [-0.0300, -0.0100]); " +
            "safety gate failed (Visual-ablation drop, v1/v2 score correlation); integrity failure (Provenance, Integrity & environment)",
            [CheckIds.ComplianceUplift, CheckIds.NdcgDelta, CheckIds.AblationDrop, CheckIds.ScoreCorrelation, CheckIds.Provenance, CheckIds.Environment],
            e => ReplaceInput(e, "rollback", i => i with { Id = null, PinnedSha256 = null }) with
            {
                ComplianceDelta = Est(-0.03, -0.05, -0.01),
                NdcgDelta = Est(-0.020, -0.030, -0.010),
                AblationDrop = Est(0.010, -0.005, 0.025),
                ScoreCorrelation = Est(0.99, 0.985, 0.993, 5_000),
                Candidate = e.Candidate with { Environment = null },
            }),
        ["breaking api change"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed API compatibility", [CheckIds.Api], BreakApi),
        ["p95 fails"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed P95 latency", [CheckIds.P95],
            e => e with { Candidate = e.Candidate with { P95 = Est(55, 52, 58) } }),
        ["uplift below target but not worse"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed Compliance@1 uplift", [CheckIds.ComplianceUplift],
            e => e with { ComplianceUplift = Est(0.031, 0.002, 0.060), ComplianceDelta = Est(0.006, 0.001, 0.011) }),
        ["pause beats shadow"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed P95 latency", [CheckIds.P95],
            e => e with { Candidate = e.Candidate with { P95 = Est(55, 52, 58) }, ComplianceUplift = Est(0.08, 0.02, 0.14), Rollback = null }),
        ["several fails, hierarchy first"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed Compliance@1 uplift, Throughput, API compatibility, Rollback readiness",
            [CheckIds.ComplianceUplift, CheckIds.Throughput, CheckIds.Api, CheckIds.Rollback],
            e => e with
            {
                Rollback = ReadyRollback with { Sha256Verified = false },
                ComplianceUplift = Est(0.031, 0.002, 0.060),
                Candidate = e.Candidate with { Throughput = Est(80, 75, 85), Metadata = null },
            }),
        ["rollback readiness fails"] = new(VerdictOutcome.PauseAndFix,
            "PAUSE_AND_FIX: failed Rollback readiness", [CheckIds.Rollback],
            e => e with { Rollback = ReadyRollback with { DrillPassedAt = null } }),
        ["compliance inconclusive"] = new(VerdictOutcome.ShadowOnly,
            "SHADOW ONLY: inconclusive Compliance@1 uplift", [CheckIds.ComplianceUplift],
            e => e with { ComplianceUplift = Est(0.08, 0.02, 0.14) }),
        ["error rate inconclusive"] = new(VerdictOutcome.ShadowOnly,
            "SHADOW ONLY: inconclusive Error rate", [CheckIds.ErrorRate],
            e => e with { Candidate = e.Candidate with { ErrorRate = Est(0.009, 0.007, 0.0115) } }),
        ["safety inconclusive"] = new(VerdictOutcome.ShadowOnly,
            "SHADOW ONLY: inconclusive Visual-ablation drop", [CheckIds.AblationDrop],
            e => e with { AblationDrop = Est(0.04, 0.01, 0.07) }),
        ["rollback data not given"] = new(VerdictOutcome.ShadowOnly,
            "SHADOW ONLY: inconclusive Rollback readiness", [CheckIds.Rollback],
            e => e with { Rollback = null }),
        ["inconclusive and short of quorum"] = new(VerdictOutcome.ShadowOnly,
            "SHADOW ONLY: inconclusive Compliance@1 uplift, Rollback readiness; 3 of 6 GO votes (quorum 4)",
            [CheckIds.ComplianceUplift, CheckIds.Throughput, CheckIds.Rollback],
            e => e with { ComplianceUplift = Est(0.08, 0.02, 0.14), Candidate = e.Candidate with { Throughput = Est(101, 96, 106) }, Rollback = null }),
        ["throughput inconclusive carried by quorum"] = new(VerdictOutcome.Go,
            "GO: 5 of 6 GO votes (quorum 4); inconclusive Throughput carried by quorum",
            [CheckIds.ComplianceUplift, CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate, CheckIds.Throughput, CheckIds.NdcgDelta],
            e => e with { Candidate = e.Candidate with { Throughput = Est(101, 96, 106) } }),
        ["novelty inconclusive carried by quorum"] = new(VerdictOutcome.Go,
            "GO: 5 of 6 GO votes (quorum 4); inconclusive ΔnDCG@10 carried by quorum",
            [CheckIds.ComplianceUplift, CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate, CheckIds.Throughput, CheckIds.NdcgDelta],
            e => e with { NdcgDelta = Est(0.004, -0.002, 0.010) }),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Decide_Case_FiresTheExpectedRuleWithFindingsInHierarchyOrder(string name)
    {
        var @case = Cases[name];

        var decision = VerdictEngine.Decide(@case.Change(Passing()), Defaults);

        Assert.Equal(@case.Outcome, decision.Outcome);
        Assert.Equal(@case.Rule, decision.Rule);
        Assert.Equal(@case.Findings, decision.Findings.Select(f => f.Id).ToArray());
    }

    [Fact]
    public void Decide_NdcgSignificantlyWorse_RejectsThoughTheNoveltyCheckAloneIsOnlyAFail()
    {
        var decision = VerdictEngine.Decide(Passing() with { NdcgDelta = Est(-0.020, -0.030, -0.010) }, Defaults);

        var novelty = Check(decision, CheckIds.NdcgDelta);
        Assert.Equal(CheckStatus.Fail, novelty.Status);
        Assert.Equal(Dimension.Novelty, novelty.Dimension);
        Assert.Equal(VerdictOutcome.Reject, decision.Outcome);
    }

    [Fact]
    public void Decide_ComplianceWorseOnTooFewQueries_RejectsThoughTheCheckIsInconclusive()
    {
        var evidence = Passing() with { ComplianceUplift = Est(-0.12, -0.20, -0.04, 20), ComplianceDelta = Est(-0.03, -0.05, -0.01, 20) };

        var decision = VerdictEngine.Decide(evidence, Defaults);

        Assert.Equal(CheckStatus.Inconclusive, Check(decision, CheckIds.ComplianceUplift).Status);
        Assert.Equal(VerdictOutcome.Reject, decision.Outcome);
    }

    [Fact]
    public void Decide_AllChecks_ComeInHierarchyOrder()
    {
        var decision = VerdictEngine.Decide(Passing(), Defaults);

        Assert.Equal(
            [
                CheckIds.ComplianceUplift, CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate, CheckIds.Throughput, CheckIds.NdcgDelta,
                CheckIds.AblationDrop, CheckIds.ScoreCorrelation, CheckIds.Provenance, CheckIds.Environment, CheckIds.Api, CheckIds.Rollback,
            ],
            decision.Checks.Select(c => c.Id).ToArray());
        Assert.Equal(
            [
                Dimension.Compliance, Dimension.Latency, Dimension.Latency, Dimension.Latency, Dimension.Throughput, Dimension.Novelty,
                Dimension.Safety, Dimension.Safety, Dimension.Integrity, Dimension.Integrity, Dimension.Integration, Dimension.RollbackReadiness,
            ],
            decision.Checks.Select(c => c.Dimension).ToArray());
    }

    internal static VerdictEvidence BreakApi(VerdictEvidence evidence) => evidence with
    {
        Candidate = evidence.Candidate with { Metadata = Metadata("ranker-v2", [new("query_text", "BYTES", [-1])]) },
    };

    internal static VerdictEvidence ReplaceInput(VerdictEvidence evidence, string role, Func<BundleInput, BundleInput> change) =>
        evidence with { Inputs = [.. evidence.Inputs.Select(i => i.Role == role ? change(i) : i)] };

    private sealed record Case(VerdictOutcome Outcome, string Rule, string[] Findings, Func<VerdictEvidence, VerdictEvidence> Change);
}
