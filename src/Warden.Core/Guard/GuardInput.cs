namespace Warden.Core.Guard;

/// <summary>One look of the guard at a guarded version.</summary>
public sealed record GuardInput
{
    /// <summary>The guarded version's counts in this phase.</summary>
    public required GuardCounts Guarded { get; init; }

    /// <summary>Production's counts over the same time, or null when production serves no live traffic (during the bake time).</summary>
    public GuardCounts? Reference { get; init; }

    /// <summary>The guarded version's backend is marked down.</summary>
    public bool GuardedDown { get; init; }

    /// <summary>The drift threshold in ms the guarded version's <see cref="GuardCounts.DriftSlow"/> counts against, or null while it is not set.</summary>
    public double? DriftThresholdMs { get; init; }

    /// <summary>
    /// The share of each trigger's level this look spends, from 0 (exclusive) to 1: the window's
    /// share when the guard tests several windows at once (<see cref="GuardWindows"/>).
    /// </summary>
    public double Spend { get; init; } = 1;
}
