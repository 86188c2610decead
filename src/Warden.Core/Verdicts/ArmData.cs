using Warden.Core.Bundle;
using Warden.Core.Ranking;
using Warden.Core.Statistics;
using Warden.Core.Telemetry;

namespace Warden.Core.Verdicts;

/// <summary>The parsed inputs of one arm, before any comparison: what <see cref="MeasurementBuilder"/> works from.</summary>
public sealed record ArmData
{
    /// <summary>Model version.</summary>
    public required string Version { get; init; }

    /// <summary>MLflow run id, when given.</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Request statistics of this version, when telemetry was given.</summary>
    public GroupStatistics? Telemetry { get; init; }

    /// <summary>The version's latency distribution, for the drift bootstrap.</summary>
    public IOrderStatistics? Latencies { get; init; }

    /// <summary>The arm's TREC run.</summary>
    public Run? Run { get; init; }

    /// <summary>The arm's run with visual features removed (candidate).</summary>
    public Run? AblatedRun { get; init; }

    /// <summary>Environment manifest.</summary>
    public EnvironmentManifest? Environment { get; init; }

    /// <summary>Open Inference Protocol model metadata.</summary>
    public ModelMetadata? Metadata { get; init; }

    /// <summary>Expected artifact sha256 from the bundle.</summary>
    public string? ExpectedArtifactSha256 { get; init; }
}
