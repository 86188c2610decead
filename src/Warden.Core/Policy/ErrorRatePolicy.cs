namespace Warden.Core.Policy;

/// <summary>Error-rate settings.</summary>
public sealed record ErrorRatePolicy
{
    /// <summary>Error-rate limit as a fraction (YAML <c>limit</c>): 0.01 = 1 %.</summary>
    public double Limit { get; init; } = 0.01;

    /// <summary>Which requests are errors (YAML <c>errors</c>), the <c>warden stats --errors</c> spec.</summary>
    public string Errors { get; init; } = "5xx,ok";
}
