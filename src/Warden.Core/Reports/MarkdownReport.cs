using System.Globalization;
using System.Text;
using Warden.Core.Evidence;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Reports;

/// <summary>
/// Writes <c>deployment_verdict.md</c>: title, the six sections of issue 3 in order, and the Ops
/// Commander's closing line. This file holds the frame and the four tables; the prose sections
/// (summary, final verdict, closing line) are in <c>MarkdownReport.Prose.cs</c>.
/// </summary>
internal sealed partial class MarkdownReport(ReportContext context)
{
    private readonly StringBuilder _text = new();

    private VerdictEvidence Evidence => context.Evidence;

    private string? CandidateRun => Evidence.Candidate.MlflowRunId;

    private string? BaselineRun => Evidence.Baseline.MlflowRunId;

    public string Write()
    {
        Line($"# Deployment verdict — {Evidence.DeploymentId}");
        Line();
        var asOf = Evidence.AsOf.ToString("u", CultureInfo.InvariantCulture);
        Line($"Candidate {Arm(Evidence.Candidate)} vs production {Arm(Evidence.Baseline)} · as of {asOf} · policy confidence {context.ConfidencePercent} %");
        Section("DEPLOYMENT SUMMARY");
        Line(Summary());
        Section("DECISION TABLE");
        DecisionTable();
        Section("SAFETY GATE STATUS");
        SafetyGateTable();
        Section("INTEGRATION STATUS");
        IntegrationTable();
        Section("REVIEWER VOTES");
        VoteTable();
        Section("FINAL VERDICT");
        Line($"**Deployment Status:** {ReportText.Label(context.Decision.Outcome)}");
        Line();
        Line(Justification());
        Line();
        Line(ClosingLine());
        return _text.ToString();
    }

    private static string Arm(ArmMeasurements arm) =>
        arm.MlflowRunId is null ? arm.Version : $"{arm.Version} (mlflow:{arm.MlflowRunId})";

    private void DecisionTable()
    {
        var policy = context.Policy;
        var ms = ReportQuantity.Milliseconds;
        var complianceTarget = context.UpliftQuantity == ReportQuantity.DeltaPercent
            ? $"uplift ≥ +{PolicyPercent(policy.Compliance.Uplift)} of baseline, {context.CiLabel} of Δ > 0"
            : $"uplift ≥ +{Plain(policy.Compliance.Uplift * 100)} pts, {context.CiLabel} of Δ > 0";
        var p95Target = $"< {Plain(policy.Latency.P95TargetMs)} ms ({context.CiLabel} upper); "
            + $"drift ≤ +{Plain(policy.Latency.P95DriftLimitMs)} ms ({context.CiLabel} upper)";
        var p95Trend = Trend(Evidence.Candidate.P95, Evidence.Baseline.P95, ms);
        if (Evidence.P95Drift is { } drift)
        {
            var d = ReportQuantity.DeltaMilliseconds;
            p95Trend += $"; Δ {d.Value(drift.Value)} ({context.CiLabel} {d.Number(drift.Low)} to {d.Number(drift.High)})";
        }

        Table(
            ["Metric", "Target", "Observed", context.CiLabel, "Status", "Trend"],
            [
                [
                    $"Compliance@{policy.Compliance.K}", complianceTarget, ComplianceObserved(),
                    Evidence.ComplianceUplift is { } u ? "uplift " + context.UpliftQuantity.Interval(u.Low, u.High) : "n/a",
                    Status(context.Compliance),
                    Trend(Evidence.Candidate.Compliance, Evidence.Baseline.Compliance, ReportQuantity.Score),
                ],
                [
                    "Latency P95", p95Target, Observed(Evidence.Candidate.P95, ms, context.P95),
                    Interval(Evidence.Candidate.P95, ms), Status(context.P95, context.P95Drift), p95Trend,
                ],
                [
                    "Error Rate", $"< {PolicyPercent(policy.ErrorRate.Limit)} (Wilson upper)",
                    Observed(Evidence.Candidate.ErrorRate, ReportQuantity.ErrorPercent, context.ErrorRate),
                    Interval(Evidence.Candidate.ErrorRate, ReportQuantity.ErrorPercent), Status(context.ErrorRate),
                    Trend(Evidence.Candidate.ErrorRate, Evidence.Baseline.ErrorRate, ReportQuantity.ErrorPercent),
                ],
                [
                    "Throughput", $"≥ {Plain(policy.Throughput.TargetRps)} rps ({context.CiLabel} lower)",
                    Observed(Evidence.Candidate.Throughput, ReportQuantity.RequestsPerSecond, context.Throughput),
                    Interval(Evidence.Candidate.Throughput, ReportQuantity.RequestsPerSecond), Status(context.Throughput),
                    Trend(Evidence.Candidate.Throughput, Evidence.Baseline.Throughput, ReportQuantity.RequestsPerSecond),
                ],
            ]);
    }

    private string ComplianceObserved()
    {
        var value = Evidence.Candidate.Compliance;
        var uplift = Evidence.ComplianceUplift;
        if (value is null && uplift is null)
        {
            return ReportContext.NotAvailable(context.Compliance);
        }

        var ids = new List<EvidenceId>();
        ids.AddRange(value?.Evidence ?? []);
        ids.AddRange(uplift?.Evidence ?? []);
        var provenance = ReportContext.Provenance(ids, CandidateRun);
        return (value, uplift) switch
        {
            ({ } v, { } u) => $"{ReportQuantity.Score.Value(v.Value)}, uplift {context.UpliftQuantity.Value(u.Value)} {provenance}",
            ({ } v, null) => $"{ReportQuantity.Score.Value(v.Value)} {provenance}; uplift n/a",
            _ => $"uplift {context.UpliftQuantity.Value(uplift!.Value)} {provenance}",
        };
    }

    private void SafetyGateTable()
    {
        var safety = context.Policy.Safety;
        Table(
            ["Gate", "Threshold", "Observed", "Pass/Fail", "Evidence Path"],
            [
                GateRow(
                    "Visual Ablation Drop", $"drop ≥ {PolicyPercent(safety.AblationDropMin)} and {context.CiLabel} lower > 0",
                    context.Ablation, Evidence.AblationDrop, ReportQuantity.Percent),
                GateRow(
                    "V1/V2 Score Corr", $"{context.CiLabel} upper < {Plain(safety.CorrelationMax)}",
                    context.Correlation, Evidence.ScoreCorrelation, ReportQuantity.Score),
                GateRow(
                    $"{context.CiLabel} (Δ nDCG@{context.Policy.Ndcg.K})", $"{context.CiLabel} of Δ > 0",
                    context.Ndcg, Evidence.NdcgDelta, ReportQuantity.DeltaScore),
            ]);
    }

    private string[] GateRow(string gate, string threshold, CheckResult? check, Estimate? estimate, ReportQuantity quantity)
    {
        var observed = estimate is null ? ReportContext.NotAvailable(check) : context.CitedWithInterval(estimate, quantity, CandidateRun);
        var ids = check is not null ? context.EvidenceOf(check) : [.. estimate?.Evidence ?? []];
        return [gate, threshold, observed, Status(check), context.Paths(ids)];
    }

    private void IntegrationTable()
    {
        (string Name, Dimension[] Dimensions)[] components =
        [
            ("Ranking quality", [Dimension.Compliance, Dimension.Novelty]),
            ("Latency & errors", [Dimension.Latency]),
            ("Throughput", [Dimension.Throughput]),
            ("Safety gates", [Dimension.Safety]),
            ("Integrity & environment", [Dimension.Integrity]),
            ("API compatibility", [Dimension.Integration]),
            ("Rollback readiness", [Dimension.RollbackReadiness]),
        ];
        var rows = new List<string[]>();
        foreach (var (name, dimensions) in components)
        {
            var checks = context.Decision.Checks.Where(c => dimensions.Contains(c.Dimension)).ToList();
            var (verdict, risk) = ComponentVerdict(checks, dimensions);
            var notes = checks.Count == 0 ? "no check ran for this component" : Notes(Decisive(checks), checks.Count > 1);
            rows.Add([name, verdict, risk, notes]);
        }

        Table(["Component", "Verdict", "Risk Level", "Notes"], rows);
    }

    private (string Verdict, string Risk) ComponentVerdict(List<CheckResult> checks, Dimension[] dimensions)
    {
        if (checks.Count == 0)
        {
            return ("SHADOW", "Medium");
        }

        if (checks.Any(c => c.Status == CheckStatus.Fail))
        {
            // Issue 3, rule 1: these failures reject outright; any other failure pauses.
            var rejects = dimensions.Contains(Dimension.Safety)
                || dimensions.Contains(Dimension.Integrity)
                || (dimensions.Contains(Dimension.Compliance)
                    && (Evidence.ComplianceDelta?.IsBelowZero == true || Evidence.NdcgDelta?.IsBelowZero == true));
            return (rejects ? "REJECT" : "PAUSE", "High");
        }

        return checks.Any(c => c.Status == CheckStatus.Inconclusive) ? ("SHADOW", "Medium") : ("GO", "Low");
    }

    private string Notes(CheckResult check, bool named)
    {
        var text = ReportText.Sentence(check.Reason);
        // Most reasons already open with the check's name ("P95 35.6 ms ..."); prefix it only when not.
        if (named && !text.StartsWith(check.Name, StringComparison.Ordinal))
        {
            text = $"{check.Name}: {text}";
        }

        if (check.Status != CheckStatus.Pass && !check.Details.IsDefaultOrEmpty)
        {
            text += " — " + ReportText.List([.. check.Details.Select(ReportText.Sentence)], 3);
        }

        // A check over every input (provenance) would list a dozen ids here; the closing line and
        // the JSON carry them all, so a note names the first few.
        const int MaxIds = 4;
        var ids = context.EvidenceOf(check);
        var more = ids.Count > MaxIds ? $" and {ids.Count - MaxIds} more" : string.Empty;
        return ids.Count == 0 ? text : $"{text} ({string.Join(", ", ids.Take(MaxIds).Select(i => i.Value))}{more})";
    }

    private void VoteTable()
    {
        var rows = context.Decision.Votes
            .Select(v => new[] { v.Name, ReportText.Label(v.Vote), Decisive(v.Decisive) })
            .ToList();
        Table(["Reviewer", "Vote", "Decisive finding"], rows);
        Line();
        var decision = context.Decision;
        var voters = decision.Votes.IsDefaultOrEmpty ? 6 : decision.Votes.Length;
        Line($"Quorum: {decision.GoVotes} of {voters} GO votes (needed {decision.Quorum}).");
    }

    private static string Label(CheckResult check) => $"{check.Name} {ReportText.Label(check.Status)}";

    // "P95 latency PASS: P95 35.6 ms ..." says the name twice; when the reason already opens with
    // the check's name, the status alone leads.
    private string Decisive(CheckResult check)
    {
        var notes = Notes(check, named: false);
        return notes.StartsWith(check.Name, StringComparison.Ordinal)
            ? $"{ReportText.Label(check.Status)}: {notes}"
            : $"{Label(check)}: {notes}";
    }

    /// <summary>The first FAIL, else the first INCONCLUSIVE, else the first check — as a reviewer's vote picks it.</summary>
    private static CheckResult Decisive(List<CheckResult> checks) =>
        checks.FirstOrDefault(c => c.Status == CheckStatus.Fail)
        ?? checks.FirstOrDefault(c => c.Status == CheckStatus.Inconclusive)
        ?? checks[0];

    private string Observed(Estimate? estimate, ReportQuantity quantity, CheckResult? check) =>
        estimate is null ? ReportContext.NotAvailable(check) : context.Cited(estimate, quantity, CandidateRun);

    private static string Interval(Estimate? estimate, ReportQuantity quantity) =>
        estimate is null ? "n/a" : quantity.Interval(estimate.Low, estimate.High);

    /// <summary>↑/↓/→ from the baseline's value: → when both round to the same figure.</summary>
    private string Trend(Estimate? candidate, Estimate? baseline, ReportQuantity quantity)
    {
        if (baseline is null)
        {
            return "n/a: no baseline value";
        }

        var from = $"from {context.Cited(baseline, quantity, BaselineRun)}";
        if (candidate is null)
        {
            return "n/a: no candidate value; baseline " + context.Cited(baseline, quantity, BaselineRun);
        }

        var arrow = quantity.Number(candidate.Value) == quantity.Number(baseline.Value) ? "→"
            : candidate.Value > baseline.Value ? "↑" : "↓";
        return $"{arrow} {from}";
    }

    /// <summary>The worst status of the given checks (FAIL, then INCONCLUSIVE, then PASS); n/a when none ran.</summary>
    private static string Status(params CheckResult?[] checks)
    {
        var ran = checks.Where(c => c is not null).Select(c => c!.Status).ToList();
        return ran.Count == 0 ? "n/a: not checked"
            : ran.Contains(CheckStatus.Fail) ? ReportText.Label(CheckStatus.Fail)
            : ran.Contains(CheckStatus.Inconclusive) ? ReportText.Label(CheckStatus.Inconclusive)
            : ReportText.Label(CheckStatus.Pass);
    }

    private static string PolicyPercent(double fraction) => Plain(fraction * 100) + " %";

    private static string Plain(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private void Section(string title)
    {
        Line();
        Line("### " + title);
        Line();
    }

    private void Table(string[] headers, IEnumerable<string[]> rows)
    {
        Line("| " + string.Join(" | ", headers) + " |");
        Line("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            Line("| " + string.Join(" | ", row.Select(ReportText.Cell)) + " |");
        }
    }

    // LF always: the report's bytes must not depend on the machine that wrote it.
    private void Line(string text = "") => _text.Append(text).Append('\n');
}
