using System.Collections.Immutable;
using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Reports;

/// <summary>
/// Hand-built verdicts for the report tests, one per outcome, independent of the verdict engine:
/// a search-ranking candidate judged against production with the DESIGN.md default policy.
/// </summary>
internal static class VerdictFixture
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static readonly EvidenceId BaselineTelemetry = Id("baseline/requests.jsonl");
    public static readonly EvidenceId CandidateTelemetry = Id("candidate/requests.jsonl");
    public static readonly EvidenceId BaselineRun = Id("baseline/run.txt");
    public static readonly EvidenceId CandidateRun = Id("candidate/run.txt");
    public static readonly EvidenceId AblatedRun = Id("candidate/run_no_visual.txt");
    public static readonly EvidenceId Qrels = Id("judgments/qrels.txt");
    public static readonly EvidenceId Labels = Id("judgments/compliance.txt");
    public static readonly EvidenceId BaselineMetadata = Id("baseline/metadata.json");
    public static readonly EvidenceId CandidateMetadata = Id("candidate/metadata.json");
    public static readonly EvidenceId BaselineEnvironment = Id("baseline/environment.json");
    public static readonly EvidenceId CandidateEnvironment = Id("candidate/environment.json");
    public static readonly EvidenceId Rollback = Id("rollback.json");

    public static VerdictOutcome[] Outcomes => [VerdictOutcome.Go, VerdictOutcome.ShadowOnly, VerdictOutcome.PauseAndFix, VerdictOutcome.Reject];

    public static (VerdictDecision Decision, VerdictEvidence Evidence, VerdictPolicy Policy) For(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Go => Go(),
        VerdictOutcome.ShadowOnly => Shadow(),
        VerdictOutcome.PauseAndFix => Pause(),
        _ => Reject(),
    };

    /// <summary>A fine candidate: every check passes, six GO votes.</summary>
    public static (VerdictDecision, VerdictEvidence, VerdictPolicy) Go()
    {
        var evidence = Evidence();
        return (Decide(VerdictOutcome.Go, "GO: every check passed and 6 of 6 reviewers vote GO", [], Checks(evidence)), evidence, new VerdictPolicy());
    }

    /// <summary>An under-powered candidate: P95 interval straddles the target.</summary>
    public static (VerdictDecision, VerdictEvidence, VerdictPolicy) Shadow()
    {
        var evidence = Evidence() with
        {
            Candidate = Evidence().Candidate with { P95 = Ms(49.6, 48.7, 50.8, 1_800, CandidateTelemetry), Requests = 1_800 },
        };
        var checks = Checks(evidence).Select(c => c.Id == "latency.p95"
            ? c with { Status = CheckStatus.Inconclusive, Reason = "CI95 of P95 [48.7, 50.8] ms straddles the 50 ms target." }
            : c).ToImmutableArray();
        return (Decide(VerdictOutcome.ShadowOnly, "SHADOW ONLY: inconclusive latency (P95 latency)", ["latency.p95"], checks), evidence, new VerdictPolicy());
    }

    /// <summary>A slow candidate: P95 above target and drifting.</summary>
    public static (VerdictDecision, VerdictEvidence, VerdictPolicy) Pause()
    {
        var evidence = Evidence() with
        {
            Candidate = Evidence().Candidate with { P95 = Ms(63.4, 61.9, 64.8, 12_000, CandidateTelemetry) },
            P95Drift = Ms(14.3, 12.6, 15.9, 24_000, BaselineTelemetry, CandidateTelemetry),
        };
        var checks = Checks(evidence).Select(c => c.Id switch
        {
            "latency.p95" => c with { Status = CheckStatus.Fail, Reason = "CI95 lower bound 61.9 ms of P95 is above the 50 ms target." },
            "latency.p95_drift" => c with { Status = CheckStatus.Fail, Reason = "P95 rose 14.3 ms; the CI95 lower bound 12.6 ms exceeds the +5 ms drift limit." },
            _ => c,
        }).ToImmutableArray();
        return (Decide(VerdictOutcome.PauseAndFix, "PAUSE_AND_FIX: latency failed (P95 latency, P95 drift)", ["latency.p95", "latency.p95_drift"], checks), evidence, new VerdictPolicy());
    }

    /// <summary>A candidate whose visual features do nothing: the ablation gate fails.</summary>
    public static (VerdictDecision, VerdictEvidence, VerdictPolicy) Reject()
    {
        var evidence = Evidence() with { AblationDrop = Fraction(0.004, -0.011, 0.019, 500, CandidateRun, AblatedRun, Qrels) };
        var checks = Checks(evidence).Select(c => c.Id == "safety.ablation_drop"
            ? c with { Status = CheckStatus.Fail, Reason = "Removing visual features drops nDCG@10 by 0.4 %; CI95 upper 1.9 % is below the 5 % minimum." }
            : c).ToImmutableArray();
        return (Decide(VerdictOutcome.Reject, "REJECT: safety gate failed (Visual-ablation drop)", ["safety.ablation_drop"], checks), evidence, new VerdictPolicy());
    }

    public static VerdictEvidence Evidence() => new()
    {
        DeploymentId = "search-ranker-2026-11",
        AsOf = AsOf,
        Baseline = new ArmMeasurements
        {
            Version = "v2.3.1",
            Requests = 11_800,
            P95 = Ms(49.1, 48.3, 49.9, 11_800, BaselineTelemetry),
            ErrorRate = Fraction(0.0041, 0.0031, 0.0054, 11_800, BaselineTelemetry),
            Throughput = Rate(120.5, 118.6, 122.5, 11_800, BaselineTelemetry),
            Compliance = Fraction(0.563, 0.541, 0.585, 500, BaselineRun, Labels),
            Ndcg = Fraction(0.412, 0.398, 0.426, 500, BaselineRun, Qrels),
        },
        Candidate = new ArmMeasurements
        {
            Version = "v2.4.0",
            Requests = 12_000,
            P95 = Ms(47.8, 46.9, 48.6, 12_000, CandidateTelemetry),
            ErrorRate = Fraction(0.0040, 0.0030, 0.0052, 12_000, CandidateTelemetry),
            Throughput = Rate(130.2, 128.1, 132.3, 12_000, CandidateTelemetry),
            Compliance = Fraction(0.643, 0.622, 0.664, 500, CandidateRun, Labels),
            Ndcg = Fraction(0.433, 0.419, 0.447, 500, CandidateRun, Qrels),
        },
        ComplianceUplift = Fraction(0.142, 0.091, 0.193, 500, BaselineRun, CandidateRun, Labels),
        ComplianceDelta = Fraction(0.080, 0.052, 0.108, 500, BaselineRun, CandidateRun, Labels),
        NdcgDelta = Fraction(0.0213, 0.0080, 0.0340, 500, BaselineRun, CandidateRun, Qrels),
        P95Drift = Ms(-1.3, -2.0, -0.5, 23_800, BaselineTelemetry, CandidateTelemetry),
        AblationDrop = Fraction(0.124, 0.081, 0.169, 500, CandidateRun, AblatedRun, Qrels),
        ScoreCorrelation = new Estimate
        {
            Value = 0.912, Low = 0.897, High = 0.925, Method = "pearson-fisher-z", SampleSize = 5_000,
            Evidence = [BaselineRun, CandidateRun],
        },
        Inputs =
        [
            Input("baseline.telemetry", "baseline/requests.jsonl", BaselineTelemetry),
            Input("baseline.run", "baseline/run.txt", BaselineRun),
            Input("baseline.metadata", "baseline/metadata.json", BaselineMetadata),
            Input("baseline.environment", "baseline/environment.json", BaselineEnvironment),
            Input("candidate.telemetry", "candidate/requests.jsonl", CandidateTelemetry),
            Input("candidate.run", "candidate/run.txt", CandidateRun),
            Input("candidate.ablated_run", "candidate/run_no_visual.txt", AblatedRun),
            Input("candidate.metadata", "candidate/metadata.json", CandidateMetadata),
            Input("candidate.environment", "candidate/environment.json", CandidateEnvironment),
            Input("judgments.qrels", "judgments/qrels.txt", Qrels),
            Input("judgments.compliance", "judgments/compliance.txt", Labels),
            Input("rollback", "rollback.json", Rollback),
        ],
    };

    /// <summary>The twelve checks, all PASS, in hierarchy order, observed values taken from <paramref name="e"/>.</summary>
    public static ImmutableArray<CheckResult> Checks(VerdictEvidence e) =>
    [
        Check("compliance.uplift", "Compliance@1 uplift", Dimension.Compliance, ReviewerRole.ComplianceMonitor, e.ComplianceUplift,
            "≥ +10 % relative, CI95 of Δ > 0", "Uplift +14.2 % ≥ +10 % and the CI95 of Δ [+0.052, +0.108] is above 0."),
        Check("latency.p95", "P95 latency", Dimension.Latency, ReviewerRole.LatencyAnalyst, e.Candidate.P95,
            "< 50 ms (CI95 upper)", "CI95 upper bound 48.6 ms of P95 is below the 50 ms target."),
        Check("latency.p95_drift", "P95 drift", Dimension.Latency, ReviewerRole.LatencyAnalyst, e.P95Drift,
            "≤ +5 ms (CI95 upper)", "P95 changed -1.3 ms; CI95 upper -0.5 ms is within the +5 ms drift limit."),
        Check("latency.error_rate", "Error rate", Dimension.Latency, ReviewerRole.LatencyAnalyst, e.Candidate.ErrorRate,
            "< 1 % (Wilson upper)", "Wilson upper bound 0.52 % is below the 1 % limit."),
        Check("throughput.rps", "Throughput", Dimension.Throughput, ReviewerRole.LatencyAnalyst, e.Candidate.Throughput,
            "≥ 100 rps (CI95 lower)", "CI95 lower bound 128.1 rps meets the 100 rps target."),
        Check("ranking.ndcg_delta", "ΔnDCG@10", Dimension.Novelty, ReviewerRole.ComplianceMonitor, e.NdcgDelta,
            "CI95 of Δ > 0", "CI95 of ΔnDCG@10 [+0.0080, +0.0340] is above 0."),
        Check("safety.ablation_drop", "Visual-ablation drop", Dimension.Safety, ReviewerRole.OpsCommander, e.AblationDrop,
            "≥ 5 % and CI95 lower > 0", "Removing visual features drops nDCG@10 by 12.4 %; CI95 lower 8.1 % is above 0."),
        Check("safety.score_correlation", "v1/v2 score correlation", Dimension.Safety, ReviewerRole.OpsCommander, e.ScoreCorrelation,
            "CI95 upper < 0.95", "CI95 upper 0.925 of Pearson r is below 0.95."),
        Check("integrity.provenance", "Provenance", Dimension.Integrity, ReviewerRole.OpsCommander, null,
            "every input has an evidence id", "All 12 inputs have evidence ids.", [.. e.Inputs.Select(i => i.Id!.Value)]),
        Check("integrity.environment", "Integrity & environment", Dimension.Integrity, ReviewerRole.InfraGuardian, null,
            "hashes match, manifests complete", "Pinned hashes match; both manifests are complete.", [BaselineEnvironment, CandidateEnvironment]),
        Check("integration.api", "API compatibility", Dimension.Integration, ReviewerRole.IntegrationEngineer, null,
            "no breaking change", "The candidate accepts every baseline input and returns every baseline output.", [BaselineMetadata, CandidateMetadata]),
        Check("rollback.readiness", "Rollback readiness", Dimension.RollbackReadiness, ReviewerRole.RollbackOfficer, null,
            "checkpoint ≤ 24 h, load < 30 s, drill ≤ 7 d", "Checkpoint v2.3.1 verified 3 h ago, loads in 12.4 s; drill passed 2 days ago.", [Rollback]),
    ];

    /// <summary>Votes, quorum count and decision built the way issue 3 defines them.</summary>
    public static VerdictDecision Decide(VerdictOutcome outcome, string rule, string[] findings, ImmutableArray<CheckResult> checks)
    {
        (ReviewerRole Role, string Name)[] reviewers =
        [
            (ReviewerRole.ComplianceMonitor, "Compliance Monitor"),
            (ReviewerRole.LatencyAnalyst, "Latency Analyst"),
            (ReviewerRole.OpsCommander, "Ops Commander"),
            (ReviewerRole.InfraGuardian, "Infra Guardian"),
            (ReviewerRole.IntegrationEngineer, "Integration Engineer"),
            (ReviewerRole.RollbackOfficer, "Rollback Officer"),
        ];
        var votes = reviewers.Select(r =>
        {
            var own = checks.Where(c => c.Reviewer == r.Role).ToImmutableArray();
            var vote = own.Any(c => c.Status == CheckStatus.Fail) ? Vote.NoGo
                : own.Any(c => c.Status == CheckStatus.Inconclusive) ? Vote.Hold : Vote.Go;
            var decisive = own.FirstOrDefault(c => c.Status == CheckStatus.Fail)
                ?? own.FirstOrDefault(c => c.Status == CheckStatus.Inconclusive) ?? own[0];
            return new ReviewerVote { Reviewer = r.Role, Name = r.Name, Vote = vote, Checks = own, Decisive = decisive };
        }).ToImmutableArray();
        return new VerdictDecision
        {
            Outcome = outcome,
            Rule = rule,
            Findings = [.. findings.Select(id => checks.Single(c => c.Id == id))],
            GoVotes = votes.Count(v => v.Vote == Vote.Go),
            Quorum = 4,
            Votes = votes,
            Checks = checks,
        };
    }

    public static EvidenceId Id(string name) => EvidenceId.Of(Encoding.UTF8.GetBytes("fixture:" + name));

    private static CheckResult Check(
        string id, string name, Dimension dimension, ReviewerRole reviewer, Estimate? observed, string target, string reason,
        ImmutableArray<EvidenceId> evidence = default) => new()
    {
        Id = id,
        Name = name,
        Dimension = dimension,
        Reviewer = reviewer,
        Status = CheckStatus.Pass,
        Observed = observed,
        Target = target,
        Reason = reason,
        Evidence = evidence.IsDefault ? observed?.Evidence ?? [] : evidence,
    };

    private static BundleInput Input(string role, string path, EvidenceId id) => new() { Role = role, Path = path, Id = id };

    private static Estimate Ms(double value, double low, double high, long n, params EvidenceId[] ids) => new()
    {
        Value = value, Low = low, High = high, Method = "order-statistic", SampleSize = n, Evidence = [.. ids],
    };

    private static Estimate Fraction(double value, double low, double high, long n, params EvidenceId[] ids) => new()
    {
        Value = value, Low = low, High = high, Method = "bootstrap-percentile", SampleSize = n, Resamples = 2000, Seed = 20261122,
        Evidence = [.. ids],
    };

    private static Estimate Rate(double value, double low, double high, long n, params EvidenceId[] ids) => new()
    {
        Value = value, Low = low, High = high, Method = "poisson-exact", SampleSize = n, Evidence = [.. ids],
    };
}
