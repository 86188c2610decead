namespace Warden.Core.Verdicts;

/// <summary>
/// The stable ids of the twelve checks. Reports, the JSON output and the CLI refer to checks by
/// these ids, so they never change once published.
/// </summary>
public static class CheckIds
{
    /// <summary>Compliance@K uplift (Compliance Monitor, compliance).</summary>
    public const string ComplianceUplift = "compliance.uplift";

    /// <summary>ΔnDCG@K (Compliance Monitor, novelty).</summary>
    public const string NdcgDelta = "novelty.ndcg_delta";

    /// <summary>Candidate P95 latency against the target (Latency Analyst, latency).</summary>
    public const string P95 = "latency.p95";

    /// <summary>P95 candidate − baseline against the drift limit (Latency Analyst, latency).</summary>
    public const string P95Drift = "latency.p95_drift";

    /// <summary>Candidate error rate against the limit (Latency Analyst, latency).</summary>
    public const string ErrorRate = "latency.error_rate";

    /// <summary>Candidate requests per second against the target (Latency Analyst, throughput).</summary>
    public const string Throughput = "throughput";

    /// <summary>Relative nDCG drop when visual features are removed (Ops Commander, safety).</summary>
    public const string AblationDrop = "safety.ablation_drop";

    /// <summary>Baseline/candidate score correlation (Ops Commander, safety).</summary>
    public const string ScoreCorrelation = "safety.score_correlation";

    /// <summary>Every input has an evidence id, MLflow run ids when required (Ops Commander, integrity).</summary>
    public const string Provenance = "integrity.provenance";

    /// <summary>Pinned hashes, environment manifests, artifact hashes (Infra Guardian, integrity).</summary>
    public const string Environment = "integrity.environment";

    /// <summary>API compatibility of the candidate's model metadata (Integration Engineer, integration).</summary>
    public const string Api = "integration.api";

    /// <summary>Checkpoint and recovery drill (Rollback Officer, rollback readiness).</summary>
    public const string Rollback = "rollback.readiness";
}
