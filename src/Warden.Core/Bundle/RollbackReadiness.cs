namespace Warden.Core.Bundle;

/// <summary>
/// What is known about rolling back to the last known-good version: its verified checkpoint and
/// the last recovery drill. Until the registry supplies it, a bundle names a JSON file with these
/// fields (<c>rollback:</c>); with neither, rollback readiness is INCONCLUSIVE.
/// </summary>
public sealed record RollbackReadiness
{
    /// <summary>Known-good version the checkpoint holds (JSON <c>checkpoint_version</c>).</summary>
    public required string CheckpointVersion { get; init; }

    /// <summary>Whether the checkpoint's sha256 matched when last verified (JSON <c>sha256_verified</c>).</summary>
    public required bool Sha256Verified { get; init; }

    /// <summary>When the checkpoint was last verified (JSON <c>verified_at</c>, RFC 3339).</summary>
    public required DateTimeOffset VerifiedAt { get; init; }

    /// <summary>Measured load time of the checkpoint in seconds (JSON <c>load_time_s</c>).</summary>
    public required double LoadTimeSeconds { get; init; }

    /// <summary>When a recovery drill last passed, if ever (JSON <c>drill_passed_at</c>).</summary>
    public DateTimeOffset? DrillPassedAt { get; init; }

    /// <summary>Recovery time measured by that drill in seconds (JSON <c>drill_rto_s</c>).</summary>
    public double? DrillRtoSeconds { get; init; }

    /// <summary>Recovery point measured by that drill in seconds (JSON <c>drill_rpo_s</c>).</summary>
    public double? DrillRpoSeconds { get; init; }
}
