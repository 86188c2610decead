using System.Text;
using System.Text.Json;
using Warden.Core.Reports;

namespace Warden.Core.Recovery;

/// <summary>Renders a <see cref="RollbackAssessment"/> as <c>rollback_report.md</c> and its JSON twin <c>rollback_report.json</c>.</summary>
public static class RollbackOfficerReport
{
    /// <summary>The markdown report's file name.</summary>
    public const string MarkdownFile = "rollback_report.md";

    /// <summary>The JSON twin's file name.</summary>
    public const string JsonFile = "rollback_report.json";

    /// <summary>The summary's word limit.</summary>
    public const int SummaryMaxWords = 120;

    /// <summary>The report in the Rollback Officer's five sections and the closing verdict line.</summary>
    public static string Markdown(RollbackAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var md = new StringBuilder();
        md.AppendLine("### ROLLBACK STATUS SUMMARY");
        md.AppendLine();
        md.AppendLine(Summary(assessment));
        md.AppendLine();
        md.AppendLine("### GUARDRAIL TABLE");
        md.AppendLine();
        md.AppendLine("| Trigger | Threshold | Last Test / Event | Result | Status | Evidence |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var g in assessment.Guardrails)
        {
            var last = g.Latest is { } run ? $"{RecoveryText.Time(run.StartedAt)} {RecoveryText.Kind(run.Kind)} `{run.RunId}`" : "none";
            md.AppendLine($"| {g.Name} (`{string.Join("`, `", g.Triggers)}`) | {Cell(g.Threshold)} | {last} | {Cell(g.Result)} | {RecoveryText.Label(g.Status)} | {(g.Latest is { } e ? $"`{e.Evidence}`" : "—")} |");
        }

        md.AppendLine();
        md.AppendLine("### METRICS & RECOVERY PERFORMANCE");
        md.AppendLine();
        md.AppendLine("| Metric | Target | Observed | CI95 | Status | Evidence |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var m in Metrics(assessment))
        {
            md.AppendLine($"| {m.Name} | {Target(m)} | {Observed(m)} | {Interval(m)} | {RecoveryText.Label(m.Status)} | {MetricEvidence(m)} |");
        }

        md.AppendLine();
        md.AppendLine("### INCIDENT SUMMARY");
        md.AppendLine();
        if (assessment.Incidents.Count == 0)
        {
            md.AppendLine($"No real incident between {RecoveryText.Time(assessment.Since)} and {RecoveryText.Time(assessment.Now)}: every run above is a drill.");
        }
        else
        {
            md.AppendLine("| Incident ID | Trigger | Action Taken | RTO | Success | Root Cause Note |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var i in assessment.Incidents)
            {
                md.AppendLine($"| `{i.RunId}` | `{i.Trigger ?? "none"}` | {Cell(Or(i.ActionTaken, "not recorded"))} | {RecoveryText.Seconds(i.RtoSeconds)} | {(i.Success ? "yes" : "**no**")} | {Cell(Or(i.RootCauseNote, "not written yet"))} |");
            }
        }

        md.AppendLine();
        md.AppendLine("### VERDICT & ACTION");
        md.AppendLine();
        md.AppendLine($"- Verdict: **{RecoveryText.Label(assessment.Verdict)}**");
        md.AppendLine($"- Next action: **{assessment.NextAction}**");
        md.AppendLine($"- Justification: {assessment.Justification}");
        md.AppendLine();
        md.AppendLine(ClosingLine(assessment));
        return md.ToString();
    }

    /// <summary>The JSON twin: the same tables with numbers as numbers (seconds, rates as fractions, times UTC ISO 8601), snake_case names.</summary>
    public static string Json(RollbackAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var node = new
        {
            Report = "rollback_officer",
            Now = assessment.Now.ToUniversalTime(),
            Since = assessment.Since.ToUniversalTime(),
            assessment.DrillMaxAgeDays,
            Summary = Summary(assessment),
            Guardrails = assessment.Guardrails.Select(g => new
            {
                Trigger = g.Name,
                g.Triggers,
                g.Threshold,
                LastRunId = g.Latest?.RunId,
                LastKind = g.Latest is { } k ? Kind(k.Kind) : null,
                LastAt = g.Latest?.StartedAt.ToUniversalTime(),
                LastSuccessWithinAgeRunId = g.LatestSuccessWithinAge?.RunId,
                g.Runs,
                g.Failures,
                g.Result,
                Status = RecoveryText.Label(g.Status),
                Evidence = g.Latest?.Evidence,
            }).ToArray(),
            Metrics = Metrics(assessment).Select(m => new
            {
                Metric = m.Name,
                Unit = m.Name == assessment.SuccessRate.Name ? "fraction" : "seconds",
                m.Target,
                Observed = m.Observed?.Value,
                Ci95 = m.Observed is { } e ? new { Low = Finite(e.Low), High = Finite(e.High) } : null,
                Method = m.Observed?.Method,
                SampleSize = m.Observed?.SampleSize ?? 0,
                Status = RecoveryText.Label(m.Status),
                Evidence = m.LatestEvidence,
                m.RunIds,
            }).ToArray(),
            Incidents = assessment.Incidents.Select(i => new
            {
                IncidentId = i.RunId,
                i.Service,
                i.Trigger,
                i.ActionTaken,
                i.RtoSeconds,
                i.RpoSeconds,
                i.Success,
                i.FailedDuringSwitch,
                i.RootCauseNote,
                i.Evidence,
            }).ToArray(),
            AaDrills = new { Runs = assessment.AaDrills, assessment.FalseRollbacks, DesignedFalseAlarm = assessment.FalseAlarm },
            Verdict = RecoveryText.Label(assessment.Verdict),
            assessment.NextAction,
            assessment.Justification,
            CitedRunId = assessment.CitedRun?.RunId,
            Evidence = assessment.LatestRun?.Evidence,
            ClosingLine = ClosingLine(assessment),
        };
        return JsonSerializer.Serialize(node, JsonOutput.Options);
    }

    /// <summary><c>&gt; **Rollback Officer Verdict:** Ready — RTO = 2.1 s, RPO = 40 s, Success = 100 %, evidence = rollback_log.json#rb-…</c></summary>
    public static string ClosingLine(RollbackAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var success = assessment.SuccessRate.Observed is { } s ? RecoveryText.Percent(s.Value) : "n/a";
        return $"> **Rollback Officer Verdict:** {RecoveryText.Label(assessment.Verdict)} — RTO = {RecoveryText.Seconds(assessment.Rto.Observed?.Value)}, " +
            $"RPO = {RecoveryText.Seconds(assessment.Rpo.Observed?.Value)}, Success = {success}, evidence = {assessment.LatestRun?.Evidence ?? "none"}";
    }

    /// <summary>The status summary, at most <see cref="SummaryMaxWords"/> words.</summary>
    internal static string Summary(RollbackAssessment a)
    {
        var text = new StringBuilder();
        text.Append($"{RecoveryText.Label(a.Verdict)}: {Plural(a.Runs.Count, "recovery run")} from {RecoveryText.Time(a.Since)} to {RecoveryText.Time(a.Now)} ");
        text.Append($"({Plural(a.Incidents.Count, "incident")}, {Plural(a.Runs.Count(r => r.Kind == RecoveryRunKind.Drill), "fault drill")}, {Plural(a.AaDrills, "A/A drill")}). ");
        if (a.SuccessRate.Observed is { } s)
        {
            text.Append($"{a.Runs.Count(r => r.Success)} of {a.Runs.Count} succeeded ({RecoveryText.Percent(s.Value)}). ");
        }

        text.Append($"Median RTO {RecoveryText.Seconds(a.Rto.Observed?.Value)} against {RecoveryText.Seconds(a.Rto.Target)}; ");
        text.Append($"median RPO {RecoveryText.Seconds(a.Rpo.Observed?.Value)} against {RecoveryText.Seconds(a.Rpo.Target)}. ");
        foreach (var status in (GuardrailStatus[])[GuardrailStatus.Failed, GuardrailStatus.Untested, GuardrailStatus.AtRisk])
        {
            var names = a.Guardrails.Where(g => g.Status == status).Select(g => g.Name).ToList();
            if (names.Count > 0)
            {
                text.Append($"{RecoveryText.Label(status)}: {string.Join(", ", names)}. ");
            }
        }

        if (a.AaDrills > 0)
        {
            text.Append($"A/A drills: {Plural(a.FalseRollbacks, "false rollback")} in {a.AaDrills} (designed level {RecoveryText.Percent(a.FalseAlarm)}). ");
        }

        text.Append($"Next action: {a.NextAction}.");
        return text.ToString();
    }

    private static RecoveryMetric[] Metrics(RollbackAssessment a) => [a.Rto, a.Rpo, a.SuccessRate];

    private static bool IsRate(RecoveryMetric m) => m.Name == "Recovery Success Rate";

    private static string Target(RecoveryMetric m) => IsRate(m) ? $"= {RecoveryText.Percent(m.Target)}" : $"≤ {RecoveryText.Seconds(m.Target)}";

    private static string Observed(RecoveryMetric m) => m.Observed switch
    {
        null => "no data",
        { } e when IsRate(m) => $"{RecoveryText.Percent(e.Value)} ({Math.Round(e.Value * e.SampleSize)} of {e.SampleSize})",
        { } e => $"{RecoveryText.Seconds(e.Value)} (median of {e.SampleSize})",
    };

    private static string Interval(RecoveryMetric m) => m.Observed switch
    {
        null => "—",
        { } e when IsRate(m) => $"[{RecoveryText.Percent(e.Low)}, {RecoveryText.Percent(e.High)}] Wilson",
        { } e => $"[{Bound(e.Low)}, {Bound(e.High)}] {e.Method}",
    };

    private static string Bound(double seconds) => double.IsFinite(seconds) ? RecoveryText.Seconds(seconds) : seconds < 0 ? "−∞" : "+∞";

    private static string MetricEvidence(RecoveryMetric m) => m.LatestEvidence is { } e
        ? $"{m.RunIds.Count} {(m.RunIds.Count == 1 ? "run" : "runs")}, latest `{e}`"
        : "—";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Kind(RecoveryRunKind kind) => kind switch
    {
        RecoveryRunKind.Incident => "incident",
        RecoveryRunKind.Drill => "drill",
        _ => "aa_drill",
    };

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Or(string? text, string fallback) => string.IsNullOrWhiteSpace(text) ? fallback : text;

    private static string Cell(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
