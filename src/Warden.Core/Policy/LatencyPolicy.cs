namespace Warden.Core.Policy;

/// <summary>P95 latency settings.</summary>
public sealed record LatencyPolicy
{
    /// <summary>The P95 target in ms (YAML <c>p95_target_ms</c>): PASS when the CI upper bound is below it.</summary>
    public double P95TargetMs { get; init; } = 50;

    /// <summary>Largest allowed P95 increase over the baseline in ms (YAML <c>p95_drift_limit_ms</c>).</summary>
    public double P95DriftLimitMs { get; init; } = 5;
}
