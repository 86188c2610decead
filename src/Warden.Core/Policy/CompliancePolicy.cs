namespace Warden.Core.Policy;

/// <summary>Compliance@K settings.</summary>
public sealed record CompliancePolicy
{
    /// <summary>Cut-off K of Compliance@K (YAML <c>k</c>).</summary>
    public int K { get; init; } = 1;

    /// <summary>Uplift target (YAML <c>uplift</c>): 0.10 = +10 % relative or +10 points absolute.</summary>
    public double Uplift { get; init; } = 0.10;

    /// <summary>How <see cref="Uplift"/> is read (YAML <c>uplift_mode</c>: relative | absolute). Explicit in every report.</summary>
    public UpliftMode UpliftMode { get; init; } = UpliftMode.Relative;

    /// <summary>Whether unlabelled documents count as compliant (YAML <c>unlabelled_compliant</c>).</summary>
    public bool UnlabelledCompliant { get; init; }
}
