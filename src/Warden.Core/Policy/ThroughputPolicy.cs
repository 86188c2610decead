namespace Warden.Core.Policy;

/// <summary>Throughput settings.</summary>
public sealed record ThroughputPolicy
{
    /// <summary>Minimum requests per second (YAML <c>target_rps</c>).</summary>
    public double TargetRps { get; init; } = 100;
}
