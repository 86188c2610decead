namespace Warden.Core.Verdicts;

/// <summary>A rollback checkpoint verification as the registry recorded it.</summary>
public sealed record RegistryCheckpoint
{
    /// <summary>Version the checkpoint holds.</summary>
    public required string Version { get; init; }

    /// <summary>When it was verified.</summary>
    public required DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Whether the bytes read matched the registered sha256.</summary>
    public required bool Sha256Verified { get; init; }

    /// <summary>Whether the artifact's storage was reachable.</summary>
    public required bool Reachable { get; init; }

    /// <summary>Measured load time in seconds; null when the load failed or did not finish.</summary>
    public double? LoadTimeSeconds { get; init; }

    /// <summary>What went wrong at verification (failed load command, unreadable file), if anything.</summary>
    public string? Problem { get; init; }
}
