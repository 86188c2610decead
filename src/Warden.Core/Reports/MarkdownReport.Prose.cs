using System.Globalization;
using Warden.Core.Evidence;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>The prose of the report: summary, justification and closing line, each within its word limit.</summary>
internal sealed partial class MarkdownReport
{
    /// <summary>Longest deployment summary, in words (issue 3).</summary>
    public const int SummaryMaxWords = 150;

    /// <summary>Longest final-verdict justification, in words (issue 3).</summary>
    public const int JustificationMaxWords = 25;

    // Role suffixes (the bundle key a file was named under) and how the closing line names them.
    private static readonly (string Suffix, string Source)[] Sources =
    [
        ("telemetry", "request telemetry"),
        ("run", "TREC runs"),
        ("ablated_run", "TREC runs"),
        ("qrels", "relevance qrels"),
        ("compliance", "compliance labels"),
        ("metadata", "OIP model metadata"),
        ("environment", "environment manifests"),
        ("rollback", "rollback readiness data"),
    ];

    private VerdictDecision Decision => context.Decision;

    private int Voters => Decision.Votes.IsDefaultOrEmpty ? 6 : Decision.Votes.Length;

    /// <summary>What was compared, the verdict, the decisive findings in hierarchy order, what to do next.</summary>
    private string Summary()
    {
        var verdict = $"Verdict: **{ReportText.Label(Decision.Outcome)}** — {ReportText.RuleWithoutOutcome(Decision.Rule)}.";
        var head = Opening() + " " + verdict;
        var next = NextStep();
        var findings = SummaryChecks().Select(FindingPhrase).ToList();

        // Findings go in hierarchy order until the word limit; the rest are named by count.
        for (var shown = findings.Count; shown >= 0; shown--)
        {
            var text = ComposeSummary(head, findings, shown, next);
            if (ReportText.WordCount(text) <= SummaryMaxWords)
            {
                return text;
            }
        }

        return FitWords(head + " " + next, SummaryMaxWords);
    }

    private string ComposeSummary(string head, List<string> findings, int shown, string next)
    {
        // On GO nothing decided against the candidate: the same list is its key findings.
        var label = Decision.Outcome == VerdictOutcome.Go ? "Key findings" : "Decisive findings";
        if (findings.Count == 0)
        {
            return $"{head} {next}";
        }

        var listed = string.Join("; ", findings.Take(shown));
        var rest = findings.Count - shown;
        var more = rest == 0 ? string.Empty : $" ({rest} more in the tables below)";
        return shown == 0
            ? $"{head} {findings.Count} findings decided it (see the tables below). {next}"
            : $"{head} {label}, in hierarchy order: {listed}{more}. {next}";
    }

    private string Opening()
    {
        var text = $"Candidate {Evidence.Candidate.Version} was compared with production {Evidence.Baseline.Version}";
        var parts = new List<string>();
        var candidateTelemetry = Evidence.Candidate.P95 ?? Evidence.Candidate.ErrorRate ?? Evidence.Candidate.Throughput;
        var baselineTelemetry = Evidence.Baseline.P95 ?? Evidence.Baseline.ErrorRate ?? Evidence.Baseline.Throughput;
        if (Evidence.Candidate.Requests > 0 || Evidence.Baseline.Requests > 0)
        {
            var ids = new List<EvidenceId>();
            ids.AddRange(candidateTelemetry?.Evidence ?? []);
            ids.AddRange(baselineTelemetry?.Evidence ?? []);
            parts.Add($"{Count(Evidence.Candidate.Requests)} vs {Count(Evidence.Baseline.Requests)} requests {ReportContext.Provenance(ids, null)}");
        }

        if ((Evidence.NdcgDelta ?? Evidence.ComplianceDelta) is { } ranking)
        {
            parts.Add($"{Count(ranking.SampleSize)} judged queries {ReportContext.Provenance(ranking, null)}");
        }

        return parts.Count == 0 ? text + "." : $"{text} on {string.Join(" and ", parts)}.";
    }

    private string NextStep()
    {
        var names = (CheckStatus status) => Decision.Checks.Where(c => c.Status == status).Select(c => c.Name).Distinct().ToList();
        switch (Decision.Outcome)
        {
            case VerdictOutcome.Go:
                return "Next: promote via canary.";
            case VerdictOutcome.ShadowOnly:
                var open = names(CheckStatus.Inconclusive);
                return open.Count > 0
                    ? $"Next: mirror live traffic to the candidate (shadow only) and collect more evidence for {ReportText.List(open)}."
                    : $"Next: mirror live traffic to the candidate (shadow only) and collect more evidence until {Decision.Quorum} reviewers vote GO ({Decision.GoVotes} do now).";
            case VerdictOutcome.PauseAndFix:
                var failed = names(CheckStatus.Fail);
                return $"Next: fix {(failed.Count > 0 ? ReportText.List(failed) : "the failed checks")}, then run the verdict again.";
            default:
                var rejected = names(CheckStatus.Fail);
                return rejected.Count > 0
                    ? $"Next: do not deploy this candidate; rework the model until {ReportText.List(rejected)} {(rejected.Count == 1 ? "passes" : "pass")}, then judge the new candidate."
                    : "Next: do not deploy this candidate; rework the model, then judge the new candidate.";
        }
    }

    /// <summary>GO: the first check of each hierarchy dimension. Otherwise: the decision's findings (or every check that did not pass).</summary>
    private List<CheckResult> SummaryChecks()
    {
        if (Decision.Outcome == VerdictOutcome.Go)
        {
            return [.. new[] { context.Compliance, context.P95, context.Throughput, context.Ndcg }.OfType<CheckResult>()];
        }

        return !Decision.Findings.IsDefaultOrEmpty
            ? [.. Decision.Findings]
            : [.. Decision.Checks.Where(c => c.Status != CheckStatus.Pass)];
    }

    private string FindingPhrase(CheckResult check)
    {
        var status = ReportText.Label(check.Status);
        var (estimate, quantity) = context.Measured(check);
        return estimate is null
            ? $"{check.Name}: {status}, {ReportText.Sentence(check.Reason)}"
            : $"{check.Name}: {status}, {context.CitedWithInterval(estimate, quantity, CandidateRun)}";
    }

    /// <summary>At most 25 words: the key findings with one evidence id each, then the vote count.</summary>
    private string Justification()
    {
        var checks = Decision.Outcome == VerdictOutcome.Go
            ? [.. new[] { context.Compliance, context.Ndcg, context.P95 }.OfType<CheckResult>()]
            : SummaryChecks();
        var tail = Decision.Outcome == VerdictOutcome.Go
            ? $"{Decision.GoVotes} of {Voters} GO votes."
            : $"{Decision.GoVotes} of {Voters} GO votes, {Decision.Quorum} needed.";
        var items = new List<string>();
        foreach (var check in checks)
        {
            var candidate = string.Join("; ", [.. items, ShortFinding(check), tail]);
            if (ReportText.WordCount(candidate) > JustificationMaxWords)
            {
                break;
            }

            items.Add(ShortFinding(check));
        }

        return items.Count > 0
            ? string.Join("; ", [.. items, tail])
            : FitWords($"{ReportText.RuleWithoutOutcome(Decision.Rule)}; {tail}", JustificationMaxWords);
    }

    private string ShortFinding(CheckResult check)
    {
        var (estimate, quantity) = context.Measured(check);
        var value = estimate is null ? string.Empty : " " + quantity.Value(estimate.Value);
        var id = context.PrimaryId(context.EvidenceOf(check));
        var cite = id is { } i ? $" ({i.Value})" : string.Empty;
        return $"{check.Name}{value} {ReportText.Label(check.Status)}{cite}";
    }

    /// <summary>The evidence actually read, by kind, with every id; MLflow only when an arm names a run.</summary>
    private string ClosingLine()
    {
        // Kinds in a fixed order (the order of Sources), so the line reads the same for every bundle.
        var kinds = new SortedSet<int>();
        var ids = new List<string>();
        var others = new List<string>();
        foreach (var input in Evidence.Inputs)
        {
            if (input.Id is not { } id)
            {
                continue;
            }

            var suffix = input.Role[(input.Role.LastIndexOf('.') + 1)..];
            var kind = Array.FindIndex(Sources, s => s.Suffix == suffix);
            if (kind >= 0)
            {
                kinds.Add(kind);
            }
            else if (!others.Contains(input.Role))
            {
                others.Add(input.Role);
            }

            if (!ids.Contains(id.Value))
            {
                ids.Add(id.Value);
            }
        }

        var sources = kinds.Select(k => Sources[k].Source).Distinct().Concat(others).ToList();
        var runs = new[] { Evidence.Baseline.MlflowRunId, Evidence.Candidate.MlflowRunId }.OfType<string>().Distinct().ToList();
        if (runs.Count > 0)
        {
            sources.Add($"MLflow run ids ({string.Join(", ", runs.Select(r => "mlflow:" + r))})");
        }

        var used = sources.Count == 0
            ? "no evidence file could be read"
            : $"based on {ReportText.List(sources, sources.Count)}" + (ids.Count > 0 ? $" ({string.Join(", ", ids)})" : string.Empty);
        return $"> **Ops Commander Verdict:** {ReportText.Label(Decision.Outcome)} — {used}.";
    }

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    // A last resort for engine text too long for a limit: whole words, then an ellipsis.
    private static string FitWords(string text, int maxWords)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= maxWords ? text : string.Join(' ', words.Take(maxWords - 1)) + " …";
    }
}
