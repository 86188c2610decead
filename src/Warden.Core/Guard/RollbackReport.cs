using System.Globalization;
using System.Text;
using System.Text.Json;
using Warden.Core.Reports;

namespace Warden.Core.Guard;

/// <summary>Renders a <see cref="RollbackRecord"/> as <c>rollback_log.json</c> and <c>postmortem_report.md</c>.</summary>
public static class RollbackReport
{
    /// <summary>The JSON file's name.</summary>
    public const string LogFile = "rollback_log.json";

    /// <summary>The postmortem's file name.</summary>
    public const string PostmortemFile = "postmortem_report.md";

    /// <summary><c>rollback_log.json</c>: snake_case, times in UTC ISO 8601, rates as fractions.</summary>
    public static string Json(RollbackRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return JsonSerializer.Serialize(Node(record), JsonOutput.Options);
    }

    /// <summary>The JSON object <see cref="Json"/> writes (also what the store's history row carries).</summary>
    public static object Node(RollbackRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new
        {
            record.RollbackRunId,
            record.IncidentId,
            record.RolloutId,
            record.DeploymentId,
            record.Service,
            record.RolledBackVersion,
            record.RestoredVersion,
            record.Phase,
            Trigger = Reading(record.Trigger),
            Evidence = record.Readings.Select(Reading).ToArray(),
            Guarded = record.Guarded,
            Reference = record.Reference,
            record.EvidenceSource,
            Provenance = record.EvidenceIds,
            record.FalseAlarm,
            record.TriggerAlpha,
            record.WindowStartedAt,
            record.WindowAlpha,
            Times = new
            {
                FaultOnset = record.FaultOnsetAt,
                Detection = record.DetectedAt,
                Switch = record.SwitchedAt,
                Restoration = record.RestoredAt,
            },
            record.DetectionSeconds,
            record.RtoSeconds,
            record.RpoSeconds,
            record.RestoredCheckpointVerifiedAt,
            Objectives = new { RtoSeconds = record.RtoObjectiveSeconds, RpoSeconds = record.RpoObjectiveSeconds },
            RtoMet = record.RtoSeconds is { } rto ? rto <= record.RtoObjectiveSeconds : (bool?)null,
            RpoMet = record.RpoSeconds is { } rpo ? rpo <= record.RpoObjectiveSeconds : (bool?)null,
            record.SwitchProblem,
            record.Actor,
            record.DetectedBy,
        };
    }

    /// <summary><c>postmortem_report.md</c>: timeline, trigger, evidence, what was rolled back to, RTO/RPO and the team's corrective actions still to do.</summary>
    public static string PostmortemMarkdown(RollbackRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var md = new StringBuilder();
        md.AppendLine(Inv($"# Postmortem {record.IncidentId}: automatic rollback of {record.Service} {record.RolledBackVersion}"));
        md.AppendLine();
        var byGuard = record.DetectedBy == RollbackRecord.LiveGuard;
        md.AppendLine(Inv($"The {record.DetectedBy} rolled **{record.Service}** back from **{record.RolledBackVersion}** to the known-good **{record.RestoredVersion}** during {record.Phase}: {Sentence(record.Trigger.Description)}"));
        md.AppendLine();
        md.AppendLine("| | |");
        md.AppendLine("|---|---|");
        md.AppendLine(Inv($"| Rollback run | `{record.RollbackRunId}` |"));
        md.AppendLine(Inv($"| Rollout | {record.RolloutId} (deployment `{record.DeploymentId}`) |"));
        md.AppendLine(Inv($"| Trigger | `{RollbackTriggers.Name(record.Trigger.Trigger)}` |"));
        md.AppendLine(Inv($"| RTO (onset → traffic restored) | {Seconds(record.RtoSeconds)} (objective {Seconds(record.RtoObjectiveSeconds)}{Met(record.RtoSeconds, record.RtoObjectiveSeconds)}) |"));
        md.AppendLine(Inv($"| Detection (onset → trip) | {Seconds(record.DetectionSeconds)} |"));
        md.AppendLine(Inv($"| RPO (age of the restored checkpoint at onset) | {(record.RpoSeconds is null ? $"unknown: {record.RestoredVersion} has no verified checkpoint" : $"{Seconds(record.RpoSeconds)} (objective {Seconds(record.RpoObjectiveSeconds)}{Met(record.RpoSeconds, record.RpoObjectiveSeconds)})")} |"));
        md.AppendLine(byGuard
            ? Inv($"| False-alarm level | {Percent(record.FalseAlarm)} over all triggers ({Percent(record.TriggerAlpha)} each, {Percent(record.WindowAlpha)} spent by the window that tripped), however often the guard looks |")
            : Inv($"| False-alarm level | {Percent(record.FalseAlarm)} per check: the interval of one fixed-sample check over the cycle's window, computed once per cycle |"));
        md.AppendLine();
        md.AppendLine("## Timeline (UTC)");
        md.AppendLine();
        md.AppendLine(byGuard
            ? Inv($"- {Time(record.FaultOnsetAt)} — fault onset (estimated: the look at which the trigger's evidence was lowest before it rose)")
            : Inv($"- {Time(record.FaultOnsetAt)} — fault onset not measured (the breach began somewhere in the window since {Time(record.WindowStartedAt)}); taken as the detection time, so RTO counts from detection"));
        md.AppendLine(Inv($"- {Time(record.DetectedAt)} — detection: `{RollbackTriggers.Name(record.Trigger.Trigger)}` tripped"));
        md.AppendLine(Inv($"- {Time(record.SwitchedAt)} — rollback stored (rollout {record.RolloutId} rolled back, audit event written), route swap requested"));
        md.AppendLine(record.RestoredAt is { } restored
            ? Inv($"- {Time(restored)} — restoration: every new request goes to {record.RestoredVersion}; requests already in flight finish where they started")
            : Inv($"- route swap failed ({record.SwitchProblem}); the controller retries it at every look until the data plane follows the stored state"));
        md.AppendLine();
        md.AppendLine("## Evidence");
        md.AppendLine();
        md.AppendLine(Inv($"Counts in the window since {Time(record.WindowStartedAt)}: {record.RolledBackVersion} {Counts(record.Guarded)}{(record.Reference is { } r ? Inv($"; {record.RestoredVersion} {Counts(r)}") : string.Empty)}."));
        md.AppendLine();
        if (record.EvidenceIds.Count > 0)
        {
            md.AppendLine(Inv($"Counted by {record.EvidenceSource} over every gateway replica it scrapes; the queries: {string.Join(", ", record.EvidenceIds.Select(id => $"`{id}`"))}."));
            md.AppendLine();
        }

        md.AppendLine("| Trigger | Tripped | Observed | Bound | Threshold | Reading |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var reading in record.Readings)
        {
            md.AppendLine(Inv($"| `{RollbackTriggers.Name(reading.Trigger)}` | {(reading.Tripped ? "**yes**" : reading.Armed ? "no" : "not armed")} | {Number(reading.Observed)} | {Number(reading.Bound)} | {Number(reading.Threshold)} | {reading.Description} |"));
        }

        md.AppendLine();
        md.AppendLine("## What was rolled back to");
        md.AppendLine();
        md.AppendLine(Inv($"All traffic of {record.Service} goes to {record.RestoredVersion}; {record.RolledBackVersion} gets none (no canary, no shadow). The rollout is finished as rolled back; a new attempt is a new rollout with a new verdict."));
        md.AppendLine(record.RestoredCheckpointVerifiedAt is { } verified
            ? Inv($"{record.RestoredVersion}'s checkpoint was last verified {Time(verified)}.")
            : Inv($"{record.RestoredVersion} has no verified checkpoint in the registry: run `warden checkpoint verify` for it."));
        md.AppendLine();
        md.AppendLine("## Corrective actions (for the team)");
        md.AppendLine();
        md.AppendLine(Inv($"- [ ] Find the cause of the `{RollbackTriggers.Name(record.Trigger.Trigger)}` fault in {record.RolledBackVersion} (the evidence above; the gateway's request log and `warden stats`)."));
        md.AppendLine("- [ ] Add an offline check or a test that would have caught it before the canary.");
        md.AppendLine(Inv($"- [ ] Register a fixed version, record a new verdict, and start a new rollout."));
        md.AppendLine(Inv($"- [ ] Confirm {record.RestoredVersion} is healthy in production and its checkpoint is fresh."));
        md.AppendLine();
        md.AppendLine(Inv($"_Written by {record.Actor}; the machine-readable record is `{LogFile}` beside this file._"));
        return md.ToString();
    }

    private static object Reading(TriggerReading r) => new
    {
        Name = RollbackTriggers.Name(r.Trigger),
        r.Tripped,
        r.Armed,
        r.Observed,
        r.Bound,
        r.Threshold,
        r.Events,
        r.Requests,
        r.Description,
    };

    private static string Counts(GuardCounts c) => Inv($"{c.Requests} requests, {c.Errors} errors, {c.Slow} slower than the latency trigger, {c.Compliant} of {c.ComplianceJudged} judged answers compliant");

    private static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].TrimEnd('.') + ".";

    private static string Met(double? value, double objective) => value is { } v ? (v <= objective ? ", met" : ", **missed**") : string.Empty;

    private static string Seconds(double? seconds) => seconds is { } s ? Inv($"{s:0.###} s") : "unknown";

    private static string Percent(double rate) => Inv($"{rate * 100:0.###} %");

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
