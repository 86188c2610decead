using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>What became of one input to a stored rollout.</summary>
internal sealed record RolloutOutcome
{
    /// <summary>The rollout as stored after the input (unchanged when nothing was written).</summary>
    public required StoredRollout Rollout { get; init; }

    /// <summary>The machine's transition (its reason says why, or why the input was refused).</summary>
    public required RolloutTransition Transition { get; init; }

    /// <summary>The compare-and-set result; <see cref="RolloutWrite.Written"/> also when nothing needed writing.</summary>
    public RolloutWrite Write { get; init; } = RolloutWrite.Written;

    /// <summary>The audit event of the transition, when one was written.</summary>
    public long? AuditSequence { get; init; }

    /// <summary>True when a new state was stored.</summary>
    public bool Stored => Transition.Changed && Write == RolloutWrite.Written && AuditSequence is not null;
}
