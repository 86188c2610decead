using System.Text;
using System.Text.Json;
using Warden.Core.Reports;

namespace Warden.Core.Cycle;

/// <summary>
/// Renders the innovation relay's items as <c>innovation_report.md</c> and its JSON twin
/// <c>innovation_report.json</c>: a summary, a table of the items, and a section per item with
/// its numbers, suggestion, evidence ids and MLflow runs.
/// </summary>
public static class InnovationReport
{
    /// <summary>The markdown report's file name.</summary>
    public const string MarkdownFile = "innovation_report.md";

    /// <summary>The JSON twin's file name.</summary>
    public const string JsonFile = "innovation_report.json";

    /// <summary>What an unknown MLflow run id is written as.</summary>
    public const string Unknown = "unknown";

    /// <summary>The report: title, summary, the items' table and one section per item; without items, what was looked at.</summary>
    /// <param name="input">What the cycle handed the relay (for the counts and the cycle's id and time).</param>
    /// <param name="items">The relay's items, in its order (<see cref="InnovationRelay.Find"/>).</param>
    public static string Markdown(InnovationInput input, IReadOnlyList<InnovationItem> items)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(items);
        var md = new StringBuilder();
        md.AppendLine($"# Innovation relay — {input.CycleId}");
        md.AppendLine();
        md.AppendLine($"As of {InnovationRelay.Time(input.AsOf)}.");
        md.AppendLine();
        md.AppendLine(Summary(input, items));
        if (items.Count == 0)
        {
            return md.ToString();
        }

        md.AppendLine();
        md.AppendLine("## Items");
        md.AppendLine();
        md.AppendLine("| # | Kind | Service | Version | Finding |");
        md.AppendLine("|---|---|---|---|---|");
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            md.AppendLine($"| {i + 1} | `{item.Kind}` | {ReportText.Cell(item.Service)} | {ReportText.Cell(item.Version)} | {ReportText.Cell(item.Title)} |");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            md.AppendLine();
            md.AppendLine($"## {i + 1}. {ReportText.OneLine(item.Title)}");
            md.AppendLine();
            md.AppendLine($"- Kind: `{item.Kind}`{(item.Dimension is { } d ? $" ({Dimension(d)})" : string.Empty)}");
            md.AppendLine($"- Detail: {ReportText.OneLine(item.Detail)}");
            md.AppendLine($"- Suggestion: {ReportText.OneLine(item.Suggestion)}");
            md.AppendLine($"- Evidence: {(item.EvidenceIds.Count == 0 ? "none recorded" : string.Join(", ", item.EvidenceIds.Select(id => $"`{id}`")))}");
            md.AppendLine($"- MLflow run: {MlflowRuns(item)}");
            if (item.Report is { } report)
            {
                md.AppendLine($"- Report: `{report}`");
            }
        }

        return md.ToString();
    }

    /// <summary>The JSON twin: snake_case, the cycle's id and time (UTC ISO 8601), the counts, and the items in order with every field.</summary>
    /// <param name="input">What the cycle handed the relay.</param>
    /// <param name="items">The relay's items, in its order.</param>
    public static string Json(InnovationInput input, IReadOnlyList<InnovationItem> items)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(items);
        var node = new
        {
            Report = "innovation_relay",
            input.CycleId,
            AsOf = input.AsOf.ToUniversalTime(),
            Counts = new
            {
                Items = items.Count,
                QualityVsLatency = items.Count(i => i.Kind == InnovationKinds.QualityVersusLatency),
                SafetyGate = items.Count(i => i.Kind == InnovationKinds.SafetyGate),
                LiveOfflineDrift = items.Count(i => i.Kind == InnovationKinds.LiveOfflineDrift),
                RollbackRootCause = items.Count(i => i.Kind == InnovationKinds.RollbackRootCause),
                CandidatesJudged = input.Candidates.Count,
                LiveOfflineComparisons = input.Comparisons.Count,
                Rollbacks = input.Rollbacks.Count(r => !r.Drill),
                DrillsExcluded = input.Rollbacks.Count(r => r.Drill),
            },
            Summary = Summary(input, items),
            Items = items.Select(i => new
            {
                i.Kind,
                i.Service,
                i.Version,
                Dimension = i.Dimension is { } d ? Dimension(d) : null,
                i.Title,
                i.Detail,
                i.Suggestion,
                i.EvidenceIds,
                MlflowRuns = i.MlflowRuns.Select(r => new { r.Arm, r.Version, r.RunId }).ToArray(),
                i.Report,
            }).ToArray(),
        };
        return JsonSerializer.Serialize(node, JsonOutput.Options);
    }

    /// <summary>
    /// One paragraph: how many items of which kind, and what the cycle looked at (candidates
    /// judged, live/offline comparisons, rollbacks with the drills left out); without items, that
    /// nothing needs follow-up.
    /// </summary>
    public static string Summary(InnovationInput input, IReadOnlyList<InnovationItem> items)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(items);
        var rollbacks = input.Rollbacks.Count(r => !r.Drill);
        var drills = input.Rollbacks.Count(r => r.Drill);
        var lookedAt = $"{Plural(input.Candidates.Count, "judged candidate")}, "
            + $"live against offline numbers of {Plural(input.Comparisons.Count, "production version")} "
            + $"and {Plural(rollbacks, "rollback")}"
            + (drills > 0 ? $" ({Plural(drills, "drill")} left out: a drill's rollback is expected, not a root cause)" : string.Empty);
        if (items.Count == 0)
        {
            return $"Nothing from this cycle needs research follow-up. The relay looked at {lookedAt}: "
                + "no candidate improved ranking quality while failing latency, no safety gate failed, "
                + "no live number left its offline interval, and no rollback happened outside a drill.";
        }

        var kinds = InnovationKinds.All
            .Select(kind => (Kind: kind, Count: items.Count(i => i.Kind == kind)))
            .Where(k => k.Count > 0)
            .Select(k => Plural(k.Count, KindNoun(k.Kind)))
            .ToList();
        var verb = items.Count == 1 ? "deserves" : "deserve";
        return $"{Plural(items.Count, "item")} {verb} research follow-up ({ReportText.List(kinds, InnovationKinds.All.Count)}). The relay looked at {lookedAt}.";
    }

    private static string MlflowRuns(InnovationItem item) =>
        item.MlflowRuns.Count == 0
            ? Unknown
            : string.Join(" · ", item.MlflowRuns.Select(r => $"{r.RunId ?? Unknown} ({r.Arm.Replace('_', ' ')} {r.Version})"));

    private static string KindNoun(string kind) => kind switch
    {
        InnovationKinds.QualityVersusLatency => "quality/latency trade-off",
        InnovationKinds.SafetyGate => "failed safety gate",
        InnovationKinds.LiveOfflineDrift => "live/offline drift",
        InnovationKinds.RollbackRootCause => "rollback root cause",
        _ => kind,
    };

    private static string Dimension(Verdicts.Dimension dimension) => ReportText.SnakeCase(dimension.ToString());

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
