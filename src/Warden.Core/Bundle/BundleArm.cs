namespace Warden.Core.Bundle;

/// <summary>One arm (baseline or candidate) of an evidence bundle.</summary>
public sealed record BundleArm
{
    /// <summary>Model version (YAML <c>version</c>), required.</summary>
    public required string Version { get; init; }

    /// <summary>MLflow run id (YAML <c>mlflow_run_id</c>).</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Request telemetry, JSONL or CSV (YAML <c>telemetry</c>).</summary>
    public BundleFile? Telemetry { get; init; }

    /// <summary>TREC run (YAML <c>run</c>).</summary>
    public BundleFile? Run { get; init; }

    /// <summary>TREC run of the arm with visual features removed (YAML <c>ablated_run</c>); used for the candidate.</summary>
    public BundleFile? AblatedRun { get; init; }

    /// <summary>Open Inference Protocol model metadata JSON (YAML <c>metadata</c>).</summary>
    public BundleFile? Metadata { get; init; }

    /// <summary>Environment manifest JSON (YAML <c>environment</c>).</summary>
    public BundleFile? Environment { get; init; }

    /// <summary>Expected sha256 of the model artifact (YAML <c>artifact_sha256</c>); compared with the manifest's.</summary>
    public string? ArtifactSha256 { get; init; }
}
