using System.Globalization;
using Spectre.Console;
using Warden.Cli.Output;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;

namespace Warden.Cli.Stats;

/// <summary>Renders <c>warden stats</c> as a table a person reads in a few seconds.</summary>
internal static class StatsTable
{
    public static void Write(
        IAnsiConsole console,
        StatsRequest request,
        ErrorClassifier classifier,
        IReadOnlyList<(EvidenceInfo Info, ParseIssueLog Issues)> inputs,
        IReadOnlyList<GroupStatistics> groups)
    {
        foreach (var (info, _) in inputs)
        {
            var window = info.From is { } from && info.To is { } to ? $", {from:u} → {to:u}" : string.Empty;
            var rejected = info.RejectedCount > 0 ? $", {Numbers.Count(info.RejectedCount)} rejected" : string.Empty;
            console.MarkupLineInterpolated($"[bold]{TerminalText.Visible(info.Source)}[/]  {info.Id.Value}  {Numbers.Count(info.RecordCount)} records{rejected}{window}");
        }

        var level = (request.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(request.Grouping == TelemetryGrouping.Version ? "version" : "group");
        table.AddColumn(new TableColumn("requests").RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"error rate [CI{level}]")).RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"throughput req/s [CI{level}]")).RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"P50 ms [CI{level}]")).RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"P95 ms [CI{level}]")).RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"P99 ms [CI{level}]")).RightAligned());
        foreach (var g in groups)
        {
            table.AddRow(
                TerminalText.Markup(g.Group),
                Numbers.Count(g.Requests),
                Markup.Escape(Numbers.PercentWithInterval(g.ErrorRate)),
                g.Throughput is { } rps ? Markup.Escape(Numbers.WithInterval(rps, "0.0")) : "n/a (one timestamp)",
                Markup.Escape(Numbers.WithInterval(g.P50, "0.00")),
                Markup.Escape(Numbers.WithInterval(g.P95, "0.00")),
                Markup.Escape(Numbers.WithInterval(g.P99, "0.00")));
        }

        console.Write(table);
        console.MarkupLineInterpolated(
            $"[grey]errors = {classifier.Spec}; error rate: Wilson score; throughput: requests over first→last timestamp, exact Poisson; percentiles: numpy linear, distribution-free order-statistic CI ({groups[0].LatencyRepresentation}).[/]");
    }
}
