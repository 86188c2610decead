namespace Warden.Core.Rollouts;

/// <summary>
/// The result of one input to a rollout: the next state, what to do, and why. A refused input
/// (a command that does not apply in this phase) leaves the state as it was, generation included,
/// and carries no action.
/// </summary>
public sealed record RolloutTransition
{
    /// <summary>The state to store (compare-and-set on the previous generation).</summary>
    public required RolloutState Next { get; init; }

    /// <summary>What the controller does, in order, after the state is stored.</summary>
    public IReadOnlyList<RolloutAction> Actions { get; init; } = [];

    /// <summary>One sentence for the audit event and <c>status</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>False when the input was refused; <see cref="Reason"/> then says why and what would apply.</summary>
    public bool Applied { get; init; } = true;

    /// <summary>True when the state changed (its generation moved).</summary>
    public bool Changed { get; init; }
}
