namespace Warden.Checkpoints;

/// <summary>Checkpoint statuses, as lists, exports and the verdict show them.</summary>
internal static class CheckpointStatus
{
    /// <summary>sha256 matched, file readable, loads under the limit, verified within the age limit.</summary>
    public const string Ok = "ok";

    /// <summary>Was ok (or slow) but the last verification is older than the age limit.</summary>
    public const string Stale = "stale";

    /// <summary>Verified, but the load took at least the load-time limit.</summary>
    public const string Slow = "slow";

    /// <summary>File unreachable or unreadable, or the load command failed or timed out.</summary>
    public const string Failed = "failed";

    /// <summary>The bytes no longer hash to the registered sha256 (the version is marked tampered).</summary>
    public const string Tampered = "tampered";
}
