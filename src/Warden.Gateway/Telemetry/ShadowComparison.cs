namespace Warden.Gateway.Telemetry;

/// <summary>
/// The production and shadow answers to the same request, compared. Scores are the first
/// output tensor's data when both bodies are Open Inference Protocol v2 responses.
/// </summary>
internal sealed record ShadowComparison
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>When the production request started.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Production version.</summary>
    public required string ProductionVersion { get; init; }

    /// <summary>Shadow version.</summary>
    public required string ShadowVersion { get; init; }

    /// <summary>Status production returned.</summary>
    public required int ProductionStatus { get; init; }

    /// <summary>Status the shadow returned.</summary>
    public required int ShadowStatus { get; init; }

    /// <summary>Production latency in milliseconds.</summary>
    public required double ProductionLatencyMs { get; init; }

    /// <summary>Shadow latency in milliseconds.</summary>
    public required double ShadowLatencyMs { get; init; }

    /// <summary>Production output scores, or null when the body was not an OIP response with numeric output.</summary>
    public double[]? ProductionScores { get; init; }

    /// <summary>Shadow output scores, or null as above.</summary>
    public double[]? ShadowScores { get; init; }

    /// <summary>Request key, if any.</summary>
    public string? Key { get; init; }

    /// <summary>True when both statuses are equal.</summary>
    public bool StatusMatch => ProductionStatus == ShadowStatus;
}
