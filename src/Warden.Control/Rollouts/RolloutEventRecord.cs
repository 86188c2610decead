using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>
/// One applied transition of a rollout (its history, <c>warden rollout history</c>): what moved it,
/// from where to where, why, and for a step analysis or a live verdict the measured values behind
/// the decision (<see cref="DetailJson"/>). Written in the transaction that stores the new state,
/// attested by the same audit event.
/// </summary>
internal sealed record RolloutEventRecord
{
    /// <summary>The store's id; 0 before it is written.</summary>
    public long Id { get; init; }

    /// <summary>The rollout.</summary>
    public required long RolloutId { get; init; }

    /// <summary>The rollout's generation after this transition (1 for the start); unique per rollout.</summary>
    public required long Generation { get; init; }

    /// <summary>When it was applied (store clock).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who applied it: a person's name for a command, the controller's holder name otherwise.</summary>
    public required string Actor { get; init; }

    /// <summary>What moved it: <c>start</c>, <c>command:pause</c> …, <c>analysis</c>, <c>verdict</c>, <c>guard</c>, <c>clock</c>, <c>timeout</c>.</summary>
    public required string Input { get; init; }

    /// <summary>Phase before.</summary>
    public RolloutPhase? PhaseBefore { get; init; }

    /// <summary>Canary step index before (-1 outside the canary).</summary>
    public int StepBefore { get; init; } = -1;

    /// <summary>Phase after.</summary>
    public required RolloutPhase PhaseAfter { get; init; }

    /// <summary>Canary step index after (-1 outside the canary).</summary>
    public int StepAfter { get; init; } = -1;

    /// <summary>True when the rollout is paused after this transition.</summary>
    public bool PausedAfter { get; init; }

    /// <summary>One sentence: the rule that decided and the finding behind it.</summary>
    public required string Reason { get; init; }

    /// <summary>The measured values behind the decision (a step analysis or a live verdict), as JSON; null for a command or the clock.</summary>
    public string? DetailJson { get; init; }
}
