namespace Warden.Core.Policy;

/// <summary>Provenance requirements.</summary>
public sealed record ProvenancePolicy
{
    /// <summary>Whether every arm needs an MLflow run id (YAML <c>require_mlflow_run_id</c>).</summary>
    public bool RequireMlflowRunId { get; init; }
}
