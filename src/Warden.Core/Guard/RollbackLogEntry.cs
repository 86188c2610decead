using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warden.Core.Guard;

/// <summary>
/// What readers of a <c>rollback_log.json</c> (the payload of a <c>rollback</c> audit event, as
/// <see cref="RollbackReport.Json"/> writes it) use of it: the run, the versions, the trigger with
/// its reading, the four times and the objectives. A field the log lacks reads as null.
/// </summary>
public sealed record RollbackLogEntry
{
    /// <summary><c>rollback_run_id</c>.</summary>
    public string? RunId { get; init; }

    /// <summary><c>service</c>.</summary>
    public string? Service { get; init; }

    /// <summary><c>deployment_id</c>: the rollout's deployment (a drill run's id for a drill's rollback).</summary>
    public string? DeploymentId { get; init; }

    /// <summary><c>rolled_back_version</c>.</summary>
    public string? RolledBackVersion { get; init; }

    /// <summary><c>restored_version</c>.</summary>
    public string? RestoredVersion { get; init; }

    /// <summary><c>trigger.name</c>.</summary>
    public string? Trigger { get; init; }

    /// <summary><c>trigger.observed</c>: the tripping trigger's observed value.</summary>
    public double? TriggerObserved { get; init; }

    /// <summary><c>trigger.bound</c>: its anytime-valid bound, compared with the threshold.</summary>
    public double? TriggerBound { get; init; }

    /// <summary><c>trigger.threshold</c>.</summary>
    public double? TriggerThreshold { get; init; }

    /// <summary><c>times.fault_onset</c>.</summary>
    public DateTimeOffset? FaultOnsetAt { get; init; }

    /// <summary><c>times.detection</c>.</summary>
    public DateTimeOffset? DetectedAt { get; init; }

    /// <summary><c>times.switch</c>.</summary>
    public DateTimeOffset? SwitchedAt { get; init; }

    /// <summary><c>times.restoration</c>.</summary>
    public DateTimeOffset? RestoredAt { get; init; }

    /// <summary><c>rto_seconds</c>.</summary>
    public double? RtoSeconds { get; init; }

    /// <summary><c>rpo_seconds</c>.</summary>
    public double? RpoSeconds { get; init; }

    /// <summary><c>objectives.rto_seconds</c>: the policy's recovery-time objective when it rolled back.</summary>
    public double? RtoObjectiveSeconds { get; init; }

    /// <summary><c>objectives.rpo_seconds</c>: the policy's recovery-point objective.</summary>
    public double? RpoObjectiveSeconds { get; init; }

    /// <summary><c>switch_problem</c>.</summary>
    public string? SwitchProblem { get; init; }

    /// <summary><c>detected_by</c>: <see cref="RollbackRecord.LiveGuard"/> or <see cref="RollbackRecord.HeartbeatCycle"/>.</summary>
    public string? DetectedBy { get; init; }

    /// <summary><c>evidence_source</c>: <c>gateway</c> or <c>prometheus</c>.</summary>
    public string? EvidenceSource { get; init; }

    /// <summary>
    /// Whether the rollback met both objectives it was held to: RTO at most <see cref="RtoObjectiveSeconds"/>
    /// and RPO at most <see cref="RpoObjectiveSeconds"/> (at the objective counts as met, as
    /// <c>rto_met</c> in the log does). False when the route was never restored or the restored
    /// version had no verified checkpoint (an unknown RTO or RPO meets nothing); null when the log
    /// names no objectives.
    /// </summary>
    public bool? WithinObjectives => (RtoObjectiveSeconds, RpoObjectiveSeconds) is (double rtoMax, double rpoMax)
        ? RtoSeconds is { } rto && rto <= rtoMax && RpoSeconds is { } rpo && rpo <= rpoMax
        : null;

    /// <summary>Reads <paramref name="json"/>; null when it is not a JSON object.</summary>
    public static RollbackLogEntry? Read(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (node is not JsonObject log)
        {
            return null;
        }

        var times = log["times"] as JsonObject;
        var trigger = log["trigger"] as JsonObject;
        var objectives = log["objectives"] as JsonObject;
        return new RollbackLogEntry
        {
            RunId = Text(log, "rollback_run_id"),
            Service = Text(log, "service"),
            DeploymentId = Text(log, "deployment_id"),
            RolledBackVersion = Text(log, "rolled_back_version"),
            RestoredVersion = Text(log, "restored_version"),
            Trigger = trigger is null ? null : Text(trigger, "name"),
            TriggerObserved = trigger is null ? null : Number(trigger, "observed"),
            TriggerBound = trigger is null ? null : Number(trigger, "bound"),
            TriggerThreshold = trigger is null ? null : Number(trigger, "threshold"),
            FaultOnsetAt = Time(times, "fault_onset"),
            DetectedAt = Time(times, "detection"),
            SwitchedAt = Time(times, "switch"),
            RestoredAt = Time(times, "restoration"),
            RtoSeconds = Number(log, "rto_seconds"),
            RpoSeconds = Number(log, "rpo_seconds"),
            RtoObjectiveSeconds = objectives is null ? null : Number(objectives, "rto_seconds"),
            RpoObjectiveSeconds = objectives is null ? null : Number(objectives, "rpo_seconds"),
            SwitchProblem = Text(log, "switch_problem"),
            DetectedBy = Text(log, "detected_by"),
            EvidenceSource = Text(log, "evidence_source"),
        };
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static DateTimeOffset? Time(JsonObject? node, string name) =>
        node is not null && Text(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
