using System.Collections.Immutable;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Reports;

public sealed class VerdictReportMarkdownTests
{
    private static readonly string[] SectionOrder =
        ["DEPLOYMENT SUMMARY", "DECISION TABLE", "SAFETY GATE STATUS", "INTEGRATION STATUS", "REVIEWER VOTES", "FINAL VERDICT"];

    [Theory]
    [InlineData(VerdictOutcome.Go, "GO")]
    [InlineData(VerdictOutcome.ShadowOnly, "SHADOW ONLY")]
    [InlineData(VerdictOutcome.PauseAndFix, "PAUSE_AND_FIX")]
    [InlineData(VerdictOutcome.Reject, "REJECT")]
    public void Markdown_EachOutcome_TitleContextSectionsAndClosingLineInOrder(VerdictOutcome outcome, string label)
    {
        var report = Render(outcome);

        Assert.Equal("# Deployment verdict — search-ranker-2026-11", report.Lines[0]);
        Assert.Equal("Candidate v2.4.0 vs production v2.3.1 · as of 2026-11-22 10:00:00Z · policy confidence 95 %", report.Lines[2]);
        Assert.Equal(["# Deployment verdict — search-ranker-2026-11", .. SectionOrder.Select(s => "### " + s)], report.Headers);
        Assert.Equal($"**Deployment Status:** {label}", report.Section("FINAL VERDICT")[0]);
        Assert.StartsWith($"> **Ops Commander Verdict:** {label} — ", report.ClosingLine, StringComparison.Ordinal);
        Assert.EndsWith("\n", report.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', report.Text);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, "PASS", "PASS")]
    [InlineData(VerdictOutcome.ShadowOnly, "PASS", "INCONCLUSIVE")]
    [InlineData(VerdictOutcome.PauseAndFix, "PASS", "FAIL")]
    [InlineData(VerdictOutcome.Reject, "PASS", "PASS")]
    public void Markdown_DecisionTable_ExactColumnsRowsAndStatus(VerdictOutcome outcome, string compliance, string latency)
    {
        var (header, rows) = Render(outcome).Table("DECISION TABLE");

        Assert.Equal(["Metric", "Target", "Observed", "CI95", "Status", "Trend"], header);
        Assert.Equal(["Compliance@1", "Latency P95", "Error Rate", "Throughput"], rows.Select(r => r[0]));
        Assert.Equal([compliance, latency, "PASS", "PASS"], rows.Select(r => r[4]));
    }

    [Fact]
    public void Markdown_DecisionTable_GoValuesTargetsIntervalsAndTrends()
    {
        var report = Render(VerdictOutcome.Go);
        var tel = VerdictFixture.CandidateTelemetry.Value;
        var baseTel = VerdictFixture.BaselineTelemetry.Value;

        Assert.Equal(
            ["Latency P95", "< 50 ms (CI95 upper); drift ≤ +5 ms (CI95 upper)", $"47.8 ms @ {tel}", "46.9 to 48.6 ms", "PASS",
                $"↓ from 49.1 ms @ {baseTel}; Δ -1.3 ms (CI95 -2.0 to -0.5)"],
            report.Row("DECISION TABLE", "Latency P95"));
        Assert.Equal(
            ["Error Rate", "< 1 % (Wilson upper)", $"0.40 % @ {tel}", "0.30 to 0.52 %", "PASS", $"↓ from 0.41 % @ {baseTel}"],
            report.Row("DECISION TABLE", "Error Rate"));
        Assert.Equal(
            ["Throughput", "≥ 100 rps (CI95 lower)", $"130.2 rps @ {tel}", "128.1 to 132.3 rps", "PASS", $"↑ from 120.5 rps @ {baseTel}"],
            report.Row("DECISION TABLE", "Throughput"));
        var compliance = report.Row("DECISION TABLE", "Compliance@1");
        Assert.Equal("uplift ≥ +10 % of baseline, CI95 of Δ > 0", compliance[1]);
        Assert.StartsWith("0.643, uplift +14.2 % @ ev:", compliance[2], StringComparison.Ordinal);
        Assert.Equal("uplift +9.1 to +19.3 %", compliance[3]);
        Assert.StartsWith("↑ from 0.563 @ ev:", compliance[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_EqualRoundedValues_TrendIsFlatArrow()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with { Candidate = evidence.Candidate with { P95 = evidence.Baseline.P95! with { Value = 49.12 } } };

        var trend = new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy)).Row("DECISION TABLE", "Latency P95")[5];

        Assert.StartsWith("→ from 49.1 ms @ ", trend, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, "PASS")]
    [InlineData(VerdictOutcome.Reject, "FAIL")]
    public void Markdown_SafetyGateTable_ExactColumnsRowsAndEvidencePaths(VerdictOutcome outcome, string ablation)
    {
        var report = Render(outcome);
        var (header, rows) = report.Table("SAFETY GATE STATUS");

        Assert.Equal(["Gate", "Threshold", "Observed", "Pass/Fail", "Evidence Path"], header);
        Assert.Equal(["Visual Ablation Drop", "V1/V2 Score Corr", "CI95 (Δ nDCG@10)"], rows.Select(r => r[0]));
        Assert.Equal([ablation, "PASS", "PASS"], rows.Select(r => r[3]));
        Assert.Equal(
            $"`candidate/run.txt` ({VerdictFixture.CandidateRun.Value}), `candidate/run_no_visual.txt` ({VerdictFixture.AblatedRun.Value}), "
            + $"`judgments/qrels.txt` ({VerdictFixture.Qrels.Value})",
            rows[0][4]);
        Assert.Equal(
            $"`baseline/run.txt` ({VerdictFixture.BaselineRun.Value}), `candidate/run.txt` ({VerdictFixture.CandidateRun.Value})", rows[1][4]);
        Assert.Equal("CI95 upper < 0.95", rows[1][1]);
        Assert.StartsWith("0.912 (CI95 0.897 to 0.925) @ ev:", rows[1][2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, "Latency & errors", "GO", "Low")]
    [InlineData(VerdictOutcome.ShadowOnly, "Latency & errors", "SHADOW", "Medium")]
    [InlineData(VerdictOutcome.PauseAndFix, "Latency & errors", "PAUSE", "High")]
    [InlineData(VerdictOutcome.Reject, "Safety gates", "REJECT", "High")]
    public void Markdown_IntegrationTable_ComponentVerdictFromItsChecks(VerdictOutcome outcome, string component, string verdict, string risk)
    {
        var report = Render(outcome);
        var (header, rows) = report.Table("INTEGRATION STATUS");

        Assert.Equal(["Component", "Verdict", "Risk Level", "Notes"], header);
        Assert.Equal(
            ["Ranking quality", "Latency & errors", "Throughput", "Safety gates", "Integrity & environment", "API compatibility", "Rollback readiness"],
            rows.Select(r => r[0]));
        var row = report.Row("INTEGRATION STATUS", component);
        Assert.Equal([verdict, risk], row[1..3]);
        Assert.Equal(outcome == VerdictOutcome.Go ? 7 : 6, rows.Count(r => r[1] == "GO"));
    }

    [Theory]
    // Compliance FAIL rejects only when a ranking delta is significantly below zero (issue 3, rule 1).
    [InlineData(-0.030, -0.010, "REJECT")]
    [InlineData(0.020, 0.050, "PAUSE")]
    public void Markdown_RankingFailure_RejectsOnlyWhenSignificantlyWorse(double low, double high, string verdict)
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with { ComplianceDelta = evidence.ComplianceDelta! with { Value = (low + high) / 2, Low = low, High = high } };
        var checks = decision.Checks.Select(c => c.Id == "compliance.uplift" ? c with { Status = CheckStatus.Fail } : c).ToImmutableArray();

        var report = new MarkdownDocument(VerdictReport.Markdown(
            VerdictFixture.Decide(VerdictOutcome.Reject, "REJECT: compliance", ["compliance.uplift"], checks), evidence, policy));

        Assert.Equal([verdict, "High"], report.Row("INTEGRATION STATUS", "Ranking quality")[1..3]);
    }

    [Fact]
    public void Markdown_IntegrityFailure_RejectsAndListsDetails()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        var checks = decision.Checks.Select(c => c.Id == "integrity.environment"
            ? c with { Status = CheckStatus.Fail, Reason = "A pinned hash does not match.", Details = ["candidate/run.txt: pinned 1a2b… read 9f8e…"] }
            : c).ToImmutableArray();

        var report = new MarkdownDocument(VerdictReport.Markdown(
            VerdictFixture.Decide(VerdictOutcome.Reject, "REJECT: integrity failed", ["integrity.environment"], checks), evidence, policy));

        var row = report.Row("INTEGRATION STATUS", "Integrity & environment");
        Assert.Equal(["REJECT", "High"], row[1..3]);
        Assert.StartsWith("Integrity & environment: A pinned hash does not match — candidate/run.txt: pinned 1a2b… read 9f8e… (ev:", row[3], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, "GO", "GO", 6)]
    [InlineData(VerdictOutcome.ShadowOnly, "HOLD", "GO", 5)]
    [InlineData(VerdictOutcome.PauseAndFix, "NO-GO", "GO", 5)]
    [InlineData(VerdictOutcome.Reject, "GO", "NO-GO", 5)]
    public void Markdown_ReviewerVotes_OneRowPerReviewerAndQuorumLine(VerdictOutcome outcome, string latency, string ops, int go)
    {
        var report = Render(outcome);
        var (header, rows) = report.Table("REVIEWER VOTES");

        Assert.Equal(["Reviewer", "Vote", "Decisive finding"], header);
        Assert.Equal(
            ["Compliance Monitor", "Latency Analyst", "Ops Commander", "Infra Guardian", "Integration Engineer", "Rollback Officer"],
            rows.Select(r => r[0]));
        Assert.Equal(latency, rows[1][1]);
        Assert.Equal(ops, rows[2][1]);
        Assert.Contains($"Quorum: {go} of 6 GO votes (needed 4).", report.Section("REVIEWER VOTES"));
    }

    [Fact]
    public void Markdown_Confidence99_LabelsIntervalsCi99()
    {
        var (decision, evidence, _) = VerdictFixture.Go();

        var report = new MarkdownDocument(VerdictReport.Markdown(decision, evidence, new VerdictPolicy { Confidence = 0.99 }));

        Assert.EndsWith("· policy confidence 99 %", report.Lines[2], StringComparison.Ordinal);
        Assert.Equal("CI99", report.Table("DECISION TABLE").Header[3]);
        Assert.Equal("CI99 (Δ nDCG@10)", report.Table("SAFETY GATE STATUS").Rows[2][0]);
    }

    [Fact]
    public void Markdown_AbsoluteUpliftPolicy_WritesPoints()
    {
        var (decision, evidence, _) = VerdictFixture.Go();
        var policy = new VerdictPolicy { Compliance = new CompliancePolicy { UpliftMode = UpliftMode.Absolute, Uplift = 0.05 } };

        var row = new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy)).Row("DECISION TABLE", "Compliance@1");

        Assert.Equal("uplift ≥ +5 pts, CI95 of Δ > 0", row[1]);
        Assert.StartsWith("0.643, uplift +14.2 pts @ ev:", row[2], StringComparison.Ordinal);
        Assert.Equal("uplift +9.1 to +19.3 pts", row[3]);
    }

    [Fact]
    public void Markdown_MissingMeasurement_RendersNaWithTheCheckReason()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with { Candidate = evidence.Candidate with { Throughput = null }, AblationDrop = null };
        var checks = decision.Checks.Select(c => c.Id is "throughput.rps" or "safety.ablation_drop"
            ? c with { Status = CheckStatus.Inconclusive, Observed = null, Reason = "No candidate telemetry time span." }
            : c).ToImmutableArray();

        var report = new MarkdownDocument(VerdictReport.Markdown(
            VerdictFixture.Decide(VerdictOutcome.ShadowOnly, "SHADOW ONLY: missing data", ["safety.ablation_drop"], checks), evidence, policy));

        var throughput = report.Row("DECISION TABLE", "Throughput");
        Assert.Equal(["n/a: No candidate telemetry time span", "n/a", "INCONCLUSIVE"], throughput[2..5]);
        Assert.Equal("n/a: no candidate value; baseline 120.5 rps @ " + VerdictFixture.BaselineTelemetry.Value, throughput[5]);
        Assert.Equal("n/a: No candidate telemetry time span", report.Row("SAFETY GATE STATUS", "Visual Ablation Drop")[2]);
    }

    private static MarkdownDocument Render(VerdictOutcome outcome)
    {
        var (decision, evidence, policy) = VerdictFixture.For(outcome);
        return new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy));
    }
}
