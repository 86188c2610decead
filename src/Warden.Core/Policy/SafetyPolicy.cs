namespace Warden.Core.Policy;

/// <summary>Safety gates.</summary>
public sealed record SafetyPolicy
{
    /// <summary>Minimum relative nDCG drop when visual features are removed (YAML <c>ablation_drop_min</c>): 0.05 = 5 %.</summary>
    public double AblationDropMin { get; init; } = 0.05;

    /// <summary>Largest allowed v1/v2 score correlation (YAML <c>correlation_max</c>).</summary>
    public double CorrelationMax { get; init; } = 0.95;
}
