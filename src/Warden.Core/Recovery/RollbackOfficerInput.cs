using Warden.Core.Policy;

namespace Warden.Core.Recovery;

/// <summary>What the Rollback Officer judges: the recovery runs of a window and the policy's targets.</summary>
public sealed record RollbackOfficerInput
{
    /// <summary>The report's time (from the injected clock): the end of the window and the reference for drill ages.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Start of the window; runs started before it are ignored.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The runs, in any order; those outside [<see cref="Since"/>, <see cref="Now"/>] are ignored.</summary>
    public required IReadOnlyList<RecoveryRun> Runs { get; init; }

    /// <summary>
    /// The targets: <see cref="RollbackPolicy.RtoMaxSeconds"/>, <see cref="RollbackPolicy.RpoMaxSeconds"/>,
    /// <see cref="RollbackPolicy.DrillMaxAgeDays"/> and the guard's thresholds for the table.
    /// </summary>
    public VerdictPolicy Policy { get; init; } = new();
}
