namespace Warden.Core.Recovery;

/// <summary>
/// One recovery run as the Rollback Officer reads it: a real rollback (from <c>rollback_log.json</c>
/// or the store's history) or a drill (from <c>recovery_test.json</c>). Times are UTC.
/// </summary>
public sealed record RecoveryRun
{
    /// <summary>The run's id, e.g. <c>rb-20261206T035108208Z-1</c> or a drill id.</summary>
    public required string RunId { get; init; }

    /// <summary>Incident, fault drill or A/A drill.</summary>
    public required RecoveryRunKind Kind { get; init; }

    /// <summary>The service the run concerns.</summary>
    public required string Service { get; init; }

    /// <summary>
    /// The guard trigger that rolled back (<c>backend_down</c>, <c>compliance_drop</c>, <c>latency_p95</c>,
    /// <c>latency_drift</c>, <c>error_rate</c>, <c>error_rate_vs_production</c>), or null when nothing rolled back.
    /// </summary>
    public string? Trigger { get; init; }

    /// <summary>The injected fault of a drill (<c>errors</c>, <c>latency</c>, <c>hang</c>, <c>crash</c>), or null.</summary>
    public string? Fault { get; init; }

    /// <summary>When the run started; the run's time in the report (window, age, order).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the fault began, when known.</summary>
    public DateTimeOffset? FaultOnsetAt { get; init; }

    /// <summary>When the guard tripped, when it did.</summary>
    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary>When all traffic was back on the known-good version, when it was.</summary>
    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary>Recovery time (fault onset → traffic restored) in seconds, when measured.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>Recovery point (age of the restored checkpoint at onset) in seconds, when known.</summary>
    public double? RpoSeconds { get; init; }

    /// <summary>
    /// For an incident or a fault drill: the rollback restored the known-good version. For an A/A
    /// drill: no false rollback.
    /// </summary>
    public required bool Success { get; init; }

    /// <summary>Requests that failed during the switch (not counting the injected fault's own errors).</summary>
    public long FailedDuringSwitch { get; init; }

    /// <summary>Where the run is recorded, e.g. <c>rollback_log.json#rb-…</c> or <c>recovery_test.json#drill-…</c>.</summary>
    public required string Evidence { get; init; }

    /// <summary>The team's root-cause note of an incident, when written.</summary>
    public string? RootCauseNote { get; init; }

    /// <summary>What was done, e.g. <c>rolled back ranker v2 → v1</c>.</summary>
    public string ActionTaken { get; init; } = string.Empty;
}
