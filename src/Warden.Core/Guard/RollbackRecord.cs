namespace Warden.Core.Guard;

/// <summary>
/// One automatic rollback, as <c>rollback_log.json</c> records it: what tripped, on what evidence,
/// and the measured times from the fault's onset to traffic restored.
/// </summary>
public sealed record RollbackRecord
{
    /// <summary>The rollback's id: <c>rb-</c>, the detection time in UTC and the rollout id.</summary>
    public required string RollbackRunId { get; init; }

    /// <summary>The incident opened for it (the postmortem's id).</summary>
    public required string IncidentId { get; init; }

    /// <summary>The rollout rolled back.</summary>
    public required long RolloutId { get; init; }

    /// <summary>The rollout's deployment id (its verdict's).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The version taken out of traffic.</summary>
    public required string RolledBackVersion { get; init; }

    /// <summary>The known-good version all traffic went back to.</summary>
    public required string RestoredVersion { get; init; }

    /// <summary>Where the rollout was when the guard tripped: "canary step 2 (25 %)", "baking after promotion".</summary>
    public required string Phase { get; init; }

    /// <summary>The trigger that tripped first, in the naming order.</summary>
    public required TriggerReading Trigger { get; init; }

    /// <summary>Every trigger's reading at the trip (the evidence).</summary>
    public required IReadOnlyList<TriggerReading> Readings { get; init; }

    /// <summary>The guarded version's counts in the phase.</summary>
    public required GuardCounts Guarded { get; init; }

    /// <summary>Production's counts over the same time, when it served live traffic.</summary>
    public GuardCounts? Reference { get; init; }

    /// <summary>The false-alarm level over all triggers, and each statistical trigger's share.</summary>
    public required double FalseAlarm { get; init; }

    /// <summary>Each statistical trigger's share of <see cref="FalseAlarm"/>.</summary>
    public required double TriggerAlpha { get; init; }

    /// <summary>
    /// When the window the trigger tripped in began: the phase's start, or a restarted window's
    /// (<see cref="GuardWindows"/>); <see cref="Guarded"/> and <see cref="Reference"/> count from it.
    /// </summary>
    public required DateTimeOffset WindowStartedAt { get; init; }

    /// <summary>The level the tripping window's test spent: <see cref="TriggerAlpha"/> times the window's share.</summary>
    public required double WindowAlpha { get; init; }

    /// <summary>
    /// The fault's onset as the guard estimates it: the look at which the tripping trigger's
    /// evidence was lowest before it rose to the trip (the CUSUM change-point estimate, to the
    /// guard's interval), or the phase's start.
    /// </summary>
    public required DateTimeOffset FaultOnsetAt { get; init; }

    /// <summary>When the guard's look found the trigger tripped.</summary>
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary>When the rollback was stored and the route swap was requested.</summary>
    public required DateTimeOffset SwitchedAt { get; init; }

    /// <summary>When the data plane sent every new request to the restored version.</summary>
    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary>Recovery time: onset to restoration, in seconds (null when the route could not be swapped).</summary>
    public double? RtoSeconds => RestoredAt is { } restored ? (restored - FaultOnsetAt).TotalSeconds : null;

    /// <summary>Detection time: onset to detection, in seconds.</summary>
    public double DetectionSeconds => (DetectedAt - FaultOnsetAt).TotalSeconds;

    /// <summary>When the restored version's checkpoint was last verified at or before the onset, if it ever was.</summary>
    public DateTimeOffset? RestoredCheckpointVerifiedAt { get; init; }

    /// <summary>
    /// Recovery point: the age of the restored checkpoint (its last verification) at the fault's
    /// onset, in seconds; null when the restored version has no verified checkpoint.
    /// </summary>
    public double? RpoSeconds => RestoredCheckpointVerifiedAt is { } verified ? Math.Max(0, (FaultOnsetAt - verified).TotalSeconds) : null;

    /// <summary>The policy's recovery-time objective, in seconds.</summary>
    public required double RtoObjectiveSeconds { get; init; }

    /// <summary>The policy's recovery-point objective, in seconds.</summary>
    public required double RpoObjectiveSeconds { get; init; }

    /// <summary>Why the route swap failed, when it did (the rollback is stored; the next look retries the route).</summary>
    public string? SwitchProblem { get; init; }

    /// <summary>Where the counts behind the trigger came from: <c>gateway</c> (this server's in-process counts) or <c>prometheus</c>.</summary>
    public string EvidenceSource { get; init; } = "gateway";

    /// <summary>The ids of the measurements behind the trigger (<c>prom:&lt;query hash&gt;@&lt;range&gt;</c>); empty for the in-process counts.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Who acted: the controller holding the lease.</summary>
    public required string Actor { get; init; }

    /// <summary>
    /// What detected the breach: <see cref="LiveGuard"/> (anytime-valid triggers watching a rollout,
    /// the onset estimated from its looks) or <see cref="HeartbeatCycle"/> (a fixed-sample check of
    /// production over the cycle's window, the onset not measured: taken as the detection time).
    /// </summary>
    public string DetectedBy { get; init; } = LiveGuard;

    /// <summary>The live guard (<see cref="DetectedBy"/>).</summary>
    public const string LiveGuard = "live guard";

    /// <summary>A heartbeat cycle's production SLO check (<see cref="DetectedBy"/>).</summary>
    public const string HeartbeatCycle = "heartbeat cycle";
}
