using System.Globalization;
using Spectre.Console;
using Warden.Cli.Output;
using Warden.Core.Ranking;

namespace Warden.Cli.Eval;

/// <summary>Renders <c>warden eval</c> as tables: one row per run, a delta row, per-query rows with -q.</summary>
internal static class EvalTable
{
    public static void Write(IAnsiConsole console, EvalRequest request, EvalResult result)
    {
        WriteInput(console, "qrels", result.Qrels.Info.Source, result.Qrels.Info.Id.Value, result.Qrels.Info.RecordCount, "judgments");
        if (result.Compliance is { } labels)
        {
            WriteInput(console, "labels", labels.Info.Source, labels.Info.Id.Value, labels.Info.RecordCount, "labels");
        }

        foreach (var run in result.Runs)
        {
            WriteInput(console, "run", run.Source, run.Input.Info.Id.Value, run.Input.Info.RecordCount, $"lines, tag {run.Tag}");
        }

        var level = (request.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);
        var ndcgName = $"nDCG@{request.K}";
        var complianceName = $"Compliance@{request.ComplianceK}";
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("run");
        table.AddColumn(new TableColumn("queries").RightAligned());
        table.AddColumn(new TableColumn(Markup.Escape($"{ndcgName} [CI{level}]")).RightAligned());
        if (result.Compliance is not null)
        {
            table.AddColumn(new TableColumn(Markup.Escape($"{complianceName} [CI{level}]")).RightAligned());
        }

        foreach (var run in result.Runs)
        {
            var cells = new List<string>
            {
                TerminalText.Markup(run.Source),
                Numbers.Count(run.Ndcg.QueryIds.Count),
                Markup.Escape(Numbers.WithInterval(run.NdcgMean, "0.0000")),
            };
            if (run.ComplianceMean is { } c)
            {
                cells.Add(Markup.Escape(Numbers.WithInterval(c, "0.0000")));
            }

            table.AddRow([.. cells]);
        }

        if (result.NdcgDelta is { } delta)
        {
            var cells = new List<string>
            {
                $"Δ second − first",
                Numbers.Count(delta.SampleSize),
                Markup.Escape(Signed(delta.Value) + " " + Numbers.Interval(delta, "+0.0000;-0.0000;0.0000")),
            };
            if (result.ComplianceDelta is { } cd)
            {
                cells.Add(Markup.Escape(Signed(cd.Value) + " " + Numbers.Interval(cd, "+0.0000;-0.0000;0.0000")));
            }

            table.AddRow([.. cells]);
        }

        console.Write(table);
        var first = result.Runs[0].NdcgMean;
        console.MarkupLineInterpolated(
            $"[grey]{ndcgName} as trec_eval ndcg_cut; intervals: bootstrap over queries, {first.Resamples} resamples, seed {first.Seed}; Δ paired by query.[/]");

        if (request.PerQuery)
        {
            WritePerQuery(console, result, ndcgName, complianceName);
        }
    }

    private static void WriteInput(IAnsiConsole console, string role, string source, string id, long records, string unit) =>
        console.MarkupLineInterpolated($"{role,-6} [bold]{TerminalText.Visible(source)}[/]  {id}  {Numbers.Count(records)} {TerminalText.Visible(unit)}");

    private static void WritePerQuery(IAnsiConsole console, EvalResult result, string ndcgName, string complianceName)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("qid");
        var lookups = new List<(string Header, Dictionary<string, double> Values)>();
        for (var i = 0; i < result.Runs.Count; i++)
        {
            var run = result.Runs[i];
            lookups.Add(($"{ndcgName} #{i + 1}", ToLookup(run.Ndcg)));
            if (run.Compliance is { } c)
            {
                lookups.Add(($"{complianceName} #{i + 1}", ToLookup(c)));
            }
        }

        foreach (var (header, _) in lookups)
        {
            table.AddColumn(new TableColumn(header).RightAligned());
        }

        var queries = lookups.SelectMany(l => l.Values.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var qid in queries)
        {
            var cells = new List<string> { TerminalText.Markup(qid) };
            foreach (var (_, values) in lookups)
            {
                cells.Add(values.TryGetValue(qid, out var v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "—");
            }

            table.AddRow([.. cells]);
        }

        console.Write(table);
    }

    private static Dictionary<string, double> ToLookup(PerQueryScores scores)
    {
        var lookup = new Dictionary<string, double>(scores.QueryIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < scores.QueryIds.Count; i++)
        {
            lookup[scores.QueryIds[i]] = scores.Values[i];
        }

        return lookup;
    }

    private static string Signed(double value) => value.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
