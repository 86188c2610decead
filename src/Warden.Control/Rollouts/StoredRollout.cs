using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>
/// A rollout as the store keeps it: its current <see cref="RolloutState"/> (compare-and-set on
/// <see cref="RolloutState.Generation"/>) and what was fixed when it started — the plan, the
/// offline evidence bundle the live shadow verdict reads, who started it and when.
/// </summary>
internal sealed record StoredRollout
{
    /// <summary>The store's id for the rollout (1, 2, …); <c>rollout:ID</c> is its audit subject.</summary>
    public required long Id { get; init; }

    /// <summary>Where the rollout is now.</summary>
    public required RolloutState State { get; init; }

    /// <summary>The plan in force, as <see cref="RolloutPlanJson"/> wrote it when the rollout started (a later edit of warden.yaml does not change a running rollout).</summary>
    public required string PlanJson { get; init; }

    /// <summary>The offline evidence bundle (evidence.yaml) whose ranking evidence the live shadow verdict reuses; null when none was named.</summary>
    public string? EvidencePath { get; init; }

    /// <summary>When the rollout started (store clock).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Who started it.</summary>
    public required string StartedBy { get; init; }

    /// <summary>When the state last changed (store clock).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
