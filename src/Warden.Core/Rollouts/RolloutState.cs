namespace Warden.Core.Rollouts;

/// <summary>
/// A rollout as the store keeps it. Every transition returns a new state with
/// <see cref="Generation"/> one higher; the store writes it only if the stored generation is
/// still the one the transition started from, so a transition is applied once, never twice,
/// whoever computes it (a restarted server, a second one).
/// </summary>
public sealed record RolloutState
{
    /// <summary>The deployment id of the verdict the rollout rests on.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The service whose traffic moves.</summary>
    public required string Service { get; init; }

    /// <summary>The version being rolled out.</summary>
    public required string Candidate { get; init; }

    /// <summary>The version traffic goes back to on a rollback (production when the rollout started).</summary>
    public required string KnownGood { get; init; }

    /// <summary>Where the rollout is.</summary>
    public required RolloutPhase Phase { get; init; }

    /// <summary>Index of the current canary step in the plan; -1 outside <see cref="RolloutPhase.Canary"/>.</summary>
    public int Step { get; init; } = -1;

    /// <summary>When the current phase or step started (its analysis window starts here).</summary>
    public required DateTimeOffset PhaseStartedAt { get; init; }

    /// <summary>True when the rollout waits for a human; the phase and step are kept.</summary>
    public bool Paused { get; init; }

    /// <summary>Why it is paused, for <c>status</c>.</summary>
    public string? PauseReason { get; init; }

    /// <summary>True when the verdict was SHADOW ONLY: the rollout never leaves the shadow phase on its own.</summary>
    public bool ShadowOnly { get; init; }

    /// <summary>Compare-and-set token: one higher after every transition.</summary>
    public long Generation { get; init; }

    /// <summary>True once the rollout can no longer move (promoted and baked, or rolled back).</summary>
    public bool IsFinished => Phase is RolloutPhase.Promoted or RolloutPhase.RolledBack;
}
