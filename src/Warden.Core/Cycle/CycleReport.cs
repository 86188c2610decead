using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Warden.Core.Reports;

namespace Warden.Core.Cycle;

/// <summary>
/// A cycle's own report: <c>cycle_report.json</c> (the record, read back by <c>warden cycle show</c>)
/// and <c>cycle_report.md</c> (each phase with its status, findings and the reports written).
/// </summary>
public static class CycleReport
{
    /// <summary>The JSON report's file name.</summary>
    public const string JsonFile = "cycle_report.json";

    /// <summary>The Markdown report's file name.</summary>
    public const string MarkdownFile = "cycle_report.md";

    private static readonly JsonSerializerOptions Indented = new(JsonOutput.Options)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static readonly JsonSerializerOptions Compact = new(Indented) { WriteIndented = false };

    /// <summary>The record as indented JSON (snake_case; statuses in lower case).</summary>
    public static string Json(CycleRecord record) => JsonSerializer.Serialize(record, Indented);

    /// <summary>One phase as compact JSON, for its audit event.</summary>
    public static string PhaseJson(CyclePhaseResult phase) => JsonSerializer.Serialize(phase, Compact);

    /// <summary>The record as compact JSON, for the cycle's end event.</summary>
    public static string CompactJson(CycleRecord record) => JsonSerializer.Serialize(record, Compact);

    /// <summary>A record written by <see cref="Json"/> or <see cref="CompactJson"/>, or null when <paramref name="json"/> is not one.</summary>
    public static CycleRecord? Read(string json) => TryRead<CycleRecord>(json);

    /// <summary>A phase written by <see cref="PhaseJson"/>, or null when <paramref name="json"/> is not one.</summary>
    public static CyclePhaseResult? ReadPhase(string json) => TryRead<CyclePhaseResult>(json);

    /// <summary>The Markdown report.</summary>
    public static string Markdown(CycleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Heartbeat cycle {record.Id}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{Label(record.Status)}: run by {record.Holder} ({record.Trigger}), {Time(record.StartedAt)} to {Time(record.EndedAt)} ({Seconds(record.EndedAt - record.StartedAt)} s).\n\n");
        md.Append("| Phase | Status | Time (s) | Summary |\n|---|---|---|---|\n");
        foreach (var phase in record.Phases)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {phase.Phase} | {Label(phase.Status)} | {Seconds(phase.EndedAt - phase.StartedAt)} | {Cell(phase.Summary)} |\n");
        }

        foreach (var phase in record.Phases)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {phase.Phase}: {Label(phase.Status)}\n\n{phase.Summary}\n");
            if (phase.Findings.Count > 0)
            {
                md.Append("\n| Reviewer | Service | Version | Check | Status | Detail |\n|---|---|---|---|---|---|\n");
                foreach (var f in phase.Findings)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {f.Reviewer} | {f.Service} | {f.Version ?? "—"} | {f.Check} | {f.Status} | {Cell(f.Detail)} |\n");
                }
            }

            foreach (var problem in phase.Problems)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n- problem: {problem}");
            }

            foreach (var output in phase.Outputs)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n- wrote: `{output}`");
            }

            if (phase.Problems.Count + phase.Outputs.Count > 0)
            {
                md.Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>The status as the reports print it: ok, partial, failed, skipped.</summary>
    public static string Label(CyclePhaseStatus status) => status switch
    {
        CyclePhaseStatus.Ok => "ok",
        CyclePhaseStatus.Partial => "partial",
        CyclePhaseStatus.Failed => "failed",
        _ => "skipped",
    };

    private static T? TryRead<T>(string json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Indented);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
