namespace Warden.Core.Cycle;

/// <summary>A rollback the cycle saw (the guard's, a drill's, or one the cycle made itself).</summary>
public sealed record RollbackCause
{
    /// <summary>The rollback run id (<c>rb-…</c>).</summary>
    public required string RunId { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The version taken out of traffic.</summary>
    public required string RolledBackVersion { get; init; }

    /// <summary>The known-good version traffic went back to.</summary>
    public required string RestoredVersion { get; init; }

    /// <summary>
    /// The trigger's name as <c>rollback_log.json</c> writes it (<c>backend_down</c>,
    /// <c>compliance_drop</c>, <c>latency_p95</c>, <c>latency_drift</c>, <c>error_rate</c>,
    /// <c>error_rate_vs_production</c>), or <c>cycle</c> for a rollback the cycle initiated.
    /// </summary>
    public required string Trigger { get; init; }

    /// <summary>The trigger's words: what it read and why it tripped.</summary>
    public required string Description { get; init; }

    /// <summary>When the trigger tripped.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>Onset to traffic restored, in seconds, when measured.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>True for a drill's rollback: expected, so not a root cause to research.</summary>
    public bool Drill { get; init; }

    /// <summary>Where the rollback is recorded, e.g. <c>rollback_log.json#rb-…</c>.</summary>
    public required string EvidenceRef { get; init; }
}
