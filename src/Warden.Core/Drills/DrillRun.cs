namespace Warden.Core.Drills;

/// <summary>
/// One drill run as measured and recorded: an entry of <c>recovery_test.json</c> and the payload of
/// its <c>drill</c> audit event (snake_case JSON). Times are UTC; the fault's onset is the moment the
/// drill sent the fault to the faulty build, so RTO is never understated.
/// </summary>
public sealed record DrillRun
{
    /// <summary>The run's id, <c>dr-…-N</c>: also the deployment id of its rollout.</summary>
    public required string RunId { get; init; }

    /// <summary>The drill (one <c>warden drill</c> invocation) the run belongs to.</summary>
    public required string DrillId { get; init; }

    /// <summary>The service drilled.</summary>
    public required string Service { get; init; }

    /// <summary>The route the run moved: the drill copy, or the service itself with <c>--on-live</c>.</summary>
    public required string Route { get; init; }

    /// <summary>True when the run moved the live route's traffic (<c>--on-live</c>).</summary>
    public bool OnLive { get; init; }

    /// <summary>The injected fault (<c>errors</c>, <c>latency</c>, <c>hang</c>, <c>crash</c>), or null for an A/A run (no fault).</summary>
    public string? Fault { get; init; }

    /// <summary>The fault as sent to the faulty build, e.g. <c>{"error_rate":0.05}</c>; null for an A/A run.</summary>
    public string? FaultSettings { get; init; }

    /// <summary>The faulty build's version on the route.</summary>
    public required string Candidate { get; init; }

    /// <summary>The route's known-good version.</summary>
    public required string KnownGood { get; init; }

    /// <summary>The run's rollout, when it started.</summary>
    public long? RolloutId { get; init; }

    /// <summary>When the run started (its rollout was stored).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the gateway first routed the canary (the drill saw it on the admin API).</summary>
    public DateTimeOffset? ExposedAt { get; init; }

    /// <summary>When the drill sent the fault.</summary>
    public DateTimeOffset? FaultOnsetAt { get; init; }

    /// <summary>When the guard tripped (its rollback log), when it did.</summary>
    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary>When the guard's route change was published, when it was.</summary>
    public DateTimeOffset? SwitchedAt { get; init; }

    /// <summary>When the last of the drill's requests reached the faulty build: from then on every request reached the known-good version.</summary>
    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary>Recovery time: fault sent → traffic restored, in seconds.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary>Recovery point: age of the known-good checkpoint's last verification at the fault, in seconds; null with no verified checkpoint.</summary>
    public double? RpoSeconds { get; init; }

    /// <summary>Fault sent → guard tripped, in seconds.</summary>
    public double? DetectionSeconds { get; init; }

    /// <summary>The guard trigger that rolled the run back, or null.</summary>
    public string? Trigger { get; init; }

    /// <summary>The guard's rollback log of the run (<c>rollback_log.json</c>'s <c>rollback_run_id</c>), or null.</summary>
    public string? RollbackRunId { get; init; }

    /// <summary>True when the guard rolled the run back.</summary>
    public required bool RolledBack { get; init; }

    /// <summary>Fault run: the guard rolled back and every request reached the known-good version afterwards. A/A run: no rollback.</summary>
    public required bool Success { get; init; }

    /// <summary>Requests the drill sent after the fault (an A/A run: after exposure) until the run ended.</summary>
    public long Requests { get; init; }

    /// <summary>Of those, requests that reached the faulty build.</summary>
    public long RequestsToCandidate { get; init; }

    /// <summary>Requests the faulty build failed (the fault's own damage, the cost a faster guard lowers).</summary>
    public long FailedByFault { get; init; }

    /// <summary>Requests that failed anywhere else (the known-good version, the gateway, the switch): a good rollback path fails none.</summary>
    public long FailedDuringSwitch { get; init; }

    /// <summary>Where the run is recorded: <c>rollback_log.json#RB</c> for a rollback, else <c>recovery_test.json#RUN</c>.</summary>
    public required string Evidence { get; init; }

    /// <summary>Why the run did not succeed, or what went wrong around it; null when nothing did.</summary>
    public string? Problem { get; init; }
}
