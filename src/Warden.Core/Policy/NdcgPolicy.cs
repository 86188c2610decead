namespace Warden.Core.Policy;

/// <summary>ΔnDCG@K settings.</summary>
public sealed record NdcgPolicy
{
    /// <summary>Cut-off K of nDCG@K (YAML <c>k</c>).</summary>
    public int K { get; init; } = 10;
}
