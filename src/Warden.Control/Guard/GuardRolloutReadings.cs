namespace Warden.Guard;

/// <summary>What <see cref="GuardReadingLog"/> holds for one rollout: where it stood at the last look, whether the guard still watches it, its trip, and every trigger's readings.</summary>
internal sealed record GuardRolloutReadings
{
    /// <summary>The rollout's id.</summary>
    public required long RolloutId { get; init; }

    /// <summary>Service.</summary>
    public required string Service { get; init; }

    /// <summary>The guarded version.</summary>
    public required string Candidate { get; init; }

    /// <summary>The version a rollback restores.</summary>
    public required string KnownGood { get; init; }

    /// <summary>The phase at the last look (canary, awaiting_approval, baking).</summary>
    public required string Phase { get; init; }

    /// <summary>The canary step (1-based) at the last look; null outside the canary phase.</summary>
    public int? Step { get; init; }

    /// <summary>Whether the guard watched it at its latest look (false once rolled back, promoted, aborted or out of a guarded phase).</summary>
    public required bool Watching { get; init; }

    /// <summary><c>gateway</c> or <c>prometheus</c>.</summary>
    public required string EvidenceSource { get; init; }

    /// <summary>Why the evidence could not be read at the last look (no trigger evaluated then); null when it could.</summary>
    public string? EvidenceUnavailable { get; init; }

    /// <summary>The trip that rolled it back, or null.</summary>
    public GuardTrip? Tripped { get; init; }

    /// <summary>Per trigger, in naming order (<see cref="Core.Guard.GuardTrigger"/>).</summary>
    public required IReadOnlyList<GuardTriggerReadings> Triggers { get; init; }
}
