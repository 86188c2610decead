namespace Warden.Core.Verdicts;

/// <summary>
/// What a check is about. The first four are the hierarchy Compliance &gt; Latency &gt; Throughput
/// &gt; Novelty, in that order; the rest are gates that sit beside it.
/// </summary>
public enum Dimension
{
    /// <summary>Compliance@1.</summary>
    Compliance,

    /// <summary>P95, P95 drift, error rate.</summary>
    Latency,

    /// <summary>Requests per second.</summary>
    Throughput,

    /// <summary>ΔnDCG@10.</summary>
    Novelty,

    /// <summary>Visual-ablation drop, v1/v2 score correlation.</summary>
    Safety,

    /// <summary>Provenance, hashes, environment.</summary>
    Integrity,

    /// <summary>API compatibility.</summary>
    Integration,

    /// <summary>Rollback readiness.</summary>
    RollbackReadiness,
}
