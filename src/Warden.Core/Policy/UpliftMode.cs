namespace Warden.Core.Policy;

/// <summary>Whether the compliance uplift target is relative to the baseline or in absolute points.</summary>
public enum UpliftMode
{
    /// <summary>(candidate − baseline) / baseline ≥ target; 0.10 means +10 % of the baseline.</summary>
    Relative,

    /// <summary>candidate − baseline ≥ target; 0.10 means +10 percentage points.</summary>
    Absolute,
}
