namespace Warden.Core.Verdicts;

/// <summary>The six reviewers of the governance team.</summary>
public enum ReviewerRole
{
    /// <summary>Owns Compliance@1 uplift and ΔnDCG@10.</summary>
    ComplianceMonitor,

    /// <summary>Owns P95, P95 drift, throughput, error rate.</summary>
    LatencyAnalyst,

    /// <summary>Owns provenance and the safety gates; synthesises the verdict.</summary>
    OpsCommander,

    /// <summary>Owns integrity and environment.</summary>
    InfraGuardian,

    /// <summary>Owns API compatibility.</summary>
    IntegrationEngineer,

    /// <summary>Owns rollback readiness.</summary>
    RollbackOfficer,
}
