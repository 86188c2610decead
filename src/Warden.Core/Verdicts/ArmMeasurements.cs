using Warden.Core.Bundle;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>What was measured for one arm (baseline or candidate). Null means "not available".</summary>
public sealed record ArmMeasurements
{
    /// <summary>Model version of the arm.</summary>
    public required string Version { get; init; }

    /// <summary>MLflow run id, when the bundle gives one.</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Requests in the arm's telemetry.</summary>
    public long Requests { get; init; }

    /// <summary>P95 latency in ms with its order-statistic interval.</summary>
    public Estimate? P95 { get; init; }

    /// <summary>Error rate with its Wilson interval.</summary>
    public Estimate? ErrorRate { get; init; }

    /// <summary>Requests per second with its Poisson interval.</summary>
    public Estimate? Throughput { get; init; }

    /// <summary>Mean Compliance@K over queries with its bootstrap interval.</summary>
    public Estimate? Compliance { get; init; }

    /// <summary>Mean nDCG@K over queries with its bootstrap interval.</summary>
    public Estimate? Ndcg { get; init; }

    /// <summary>The arm's environment manifest, if the bundle has one.</summary>
    public EnvironmentManifest? Environment { get; init; }

    /// <summary>The arm's model metadata, if the bundle has it.</summary>
    public ModelMetadata? Metadata { get; init; }

    /// <summary>Expected artifact sha256 declared in the bundle for this arm, if any.</summary>
    public string? ExpectedArtifactSha256 { get; init; }
}
