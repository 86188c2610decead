namespace Warden.Checkpoints;

/// <summary>
/// One verification of a rollback checkpoint: the artifact re-hashed, its storage reached, its
/// load time measured. <see cref="Status"/> is what was found then; <see cref="CheckpointPolicy"/>
/// turns it into the current status (a verification ages into <c>stale</c>).
/// </summary>
internal sealed record CheckpointVerification
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Version checked.</summary>
    public required string Version { get; init; }

    /// <summary>When it was verified.</summary>
    public required DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Who verified it.</summary>
    public required string Actor { get; init; }

    /// <summary>Artifact path read.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>Registered sha256.</summary>
    public required string Sha256 { get; init; }

    /// <summary>sha256 of the bytes read, or null when the file could not be read.</summary>
    public string? Sha256Read { get; init; }

    /// <summary>True when the artifact's storage was reachable and the file readable.</summary>
    public required bool Reachable { get; init; }

    /// <summary>Measured load time in seconds; null when the load was not attempted or did not finish.</summary>
    public double? LoadTimeSeconds { get; init; }

    /// <summary>The load command run, or null when the artifact was read fully instead.</summary>
    public string? LoadCommand { get; init; }

    /// <summary>Exit code of the load command, when one ran to completion.</summary>
    public int? LoadExitCode { get; init; }

    /// <summary>ok, slow, failed or tampered at verification time (<see cref="CheckpointStatus"/>).</summary>
    public required string Status { get; init; }

    /// <summary>What went wrong, when something did.</summary>
    public string? Problem { get; init; }

    /// <summary>True when the bytes read hash to the registered sha256.</summary>
    public bool Sha256Verified => Sha256Read is not null && string.Equals(Sha256Read, Sha256, StringComparison.Ordinal);
}
