namespace Warden.Core.Bundle;

/// <summary>
/// An evidence bundle (<c>evidence.yaml</c>): the files one deployment decision is made from.
/// Paths are relative to the bundle file's folder.
/// </summary>
public sealed record EvidenceBundle
{
    /// <summary>Deployment id (YAML <c>deployment_id</c>), required.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Model name in Warden's registry (YAML <c>model</c>); needed to record the verdict and to read registry facts.</summary>
    public string? Model { get; init; }

    /// <summary>Time ages are measured at (YAML <c>as_of</c>, RFC 3339); null = now.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Production arm (YAML <c>baseline</c>).</summary>
    public required BundleArm Baseline { get; init; }

    /// <summary>Candidate arm (YAML <c>candidate</c>).</summary>
    public required BundleArm Candidate { get; init; }

    /// <summary>Relevance judgments, TREC qrels (YAML <c>judgments.qrels</c>).</summary>
    public BundleFile? Qrels { get; init; }

    /// <summary>Compliance labels (YAML <c>judgments.compliance</c>).</summary>
    public BundleFile? ComplianceLabels { get; init; }

    /// <summary>Rollback readiness JSON (YAML <c>rollback</c>); null = no registry data yet.</summary>
    public BundleFile? Rollback { get; init; }
}
