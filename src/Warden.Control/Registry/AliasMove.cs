namespace Warden.Registry;

/// <summary>One move of an alias: from which version to which, when, by whom and on what grounds.</summary>
internal sealed record AliasMove
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Alias moved.</summary>
    public required string Alias { get; init; }

    /// <summary>Version the alias held before, or null when it is new.</summary>
    public string? FromVersion { get; init; }

    /// <summary>Version the alias holds after.</summary>
    public required string ToVersion { get; init; }

    /// <summary>When it moved.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who moved it.</summary>
    public required string Actor { get; init; }

    /// <summary>What kind of move (<see cref="AliasMoveKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The override's reason, when the move is an override.</summary>
    public string? Reason { get; init; }

    /// <summary>Deployment whose GO verdict allowed a promotion.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Sequence of the audit event that records the move.</summary>
    public required long AuditSequence { get; init; }
}
