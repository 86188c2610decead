using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Warden.Core.Guard;

/// <summary>
/// What readers of a <c>rollback_log.json</c> (the payload of a <c>rollback</c> audit event, as
/// <see cref="RollbackReport.Json"/> writes it) use of it: the run, the versions, the trigger and
/// the four times. A field the log lacks reads as null.
/// </summary>
public sealed record RollbackLogEntry
{
    /// <summary><c>rollback_run_id</c>.</summary>
    public string? RunId { get; init; }

    /// <summary><c>service</c>.</summary>
    public string? Service { get; init; }

    /// <summary><c>rolled_back_version</c>.</summary>
    public string? RolledBackVersion { get; init; }

    /// <summary><c>restored_version</c>.</summary>
    public string? RestoredVersion { get; init; }

    /// <summary><c>trigger.name</c>.</summary>
    public string? Trigger { get; init; }

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

    /// <summary><c>switch_problem</c>.</summary>
    public string? SwitchProblem { get; init; }

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
        return new RollbackLogEntry
        {
            RunId = Text(log, "rollback_run_id"),
            Service = Text(log, "service"),
            RolledBackVersion = Text(log, "rolled_back_version"),
            RestoredVersion = Text(log, "restored_version"),
            Trigger = log["trigger"] is JsonObject trigger ? Text(trigger, "name") : null,
            FaultOnsetAt = Time(times, "fault_onset"),
            DetectedAt = Time(times, "detection"),
            SwitchedAt = Time(times, "switch"),
            RestoredAt = Time(times, "restoration"),
            RtoSeconds = Number(log, "rto_seconds"),
            RpoSeconds = Number(log, "rpo_seconds"),
            SwitchProblem = Text(log, "switch_problem"),
        };
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonObject node, string name) => node[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static DateTimeOffset? Time(JsonObject? node, string name) =>
        node is not null && Text(node, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
