using System.Collections.Immutable;
using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Core.Tests.Reports;

public sealed class VerdictReportProseTests
{
    [Theory]
    [InlineData(VerdictOutcome.Go, "Next: promote via canary.")]
    [InlineData(VerdictOutcome.ShadowOnly, "Next: mirror live traffic to the candidate (shadow only) and collect more evidence for P95 latency.")]
    [InlineData(VerdictOutcome.PauseAndFix, "Next: fix P95 latency and P95 drift, then run the verdict again.")]
    [InlineData(VerdictOutcome.Reject, "Next: do not deploy this candidate; rework the model until Visual-ablation drop passes, then judge the new candidate.")]
    public void Summary_EachOutcome_AtMost150WordsEndingWithTheNextStep(VerdictOutcome outcome, string next)
    {
        var summary = Summary(Render(outcome));

        Assert.InRange(MarkdownDocument.Words(summary), 30, 150);
        Assert.StartsWith("Candidate v2.4.0 was compared with production v2.3.1 on ", summary, StringComparison.Ordinal);
        Assert.Contains($"Verdict: **{ReportLabel(outcome)}** — ", summary, StringComparison.Ordinal);
        Assert.EndsWith(next, summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_Go_NamesFindingsInHierarchyOrderWithProvenance()
    {
        var summary = Summary(Render(VerdictOutcome.Go));

        var order = new[] { "Compliance@1 uplift: PASS, +14.2 %", "P95 latency: PASS, 47.8 ms", "Throughput: PASS, 130.2 rps", "ΔnDCG@10: PASS, +0.0213" }
            .Select(s => summary.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains($"P95 latency: PASS, 47.8 ms (CI95 46.9 to 48.6) @ {VerdictFixture.CandidateTelemetry.Value};", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_ManyLongFindings_StaysWithin150WordsAndCountsTheRest()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        var longReason = string.Join(' ', Enumerable.Repeat("the interval straddles the target so more data is needed", 6)) + ".";
        var checks = decision.Checks.Select(c => c with { Status = CheckStatus.Fail, Reason = longReason }).ToImmutableArray();
        var failing = VerdictFixture.Decide(VerdictOutcome.PauseAndFix, "PAUSE_AND_FIX: " + longReason, [.. checks.Select(c => c.Id)], checks);

        var report = new MarkdownDocument(VerdictReport.Markdown(failing, evidence, policy));
        var summary = Summary(report);

        Assert.InRange(MarkdownDocument.Words(summary), 1, 150);
        Assert.Contains("more in the tables below", summary, StringComparison.Ordinal);
        Assert.InRange(MarkdownDocument.Words(Justification(report)), 1, 25);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go, "Compliance@1 uplift +14.2 % PASS (ev:", "6 of 6 GO votes.")]
    [InlineData(VerdictOutcome.ShadowOnly, "P95 latency 49.6 ms INCONCLUSIVE (ev:", "5 of 6 GO votes, 4 needed.")]
    [InlineData(VerdictOutcome.PauseAndFix, "P95 latency 63.4 ms FAIL (ev:", "5 of 6 GO votes, 4 needed.")]
    [InlineData(VerdictOutcome.Reject, "Visual-ablation drop 0.4 % FAIL (ev:", "5 of 6 GO votes, 4 needed.")]
    public void Justification_EachOutcome_AtMost25WordsCitingEvidenceAndDeltas(VerdictOutcome outcome, string start, string end)
    {
        var justification = Justification(Render(outcome));

        Assert.InRange(MarkdownDocument.Words(justification), 5, 25);
        Assert.StartsWith(start, justification, StringComparison.Ordinal);
        Assert.EndsWith(end, justification, StringComparison.Ordinal);
    }

    [Fact]
    public void Justification_CitesTheCandidateFileOfAComparison()
    {
        // The uplift rests on baseline run, candidate run and labels; the short citation picks the candidate's.
        var justification = Justification(Render(VerdictOutcome.Go));

        Assert.StartsWith($"Compliance@1 uplift +14.2 % PASS ({VerdictFixture.CandidateRun.Value});", justification, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go)]
    [InlineData(VerdictOutcome.ShadowOnly)]
    [InlineData(VerdictOutcome.PauseAndFix)]
    [InlineData(VerdictOutcome.Reject)]
    public void Markdown_ObservedNumbers_CarryEvidenceProvenance(VerdictOutcome outcome)
    {
        var report = Render(outcome);

        foreach (var row in report.Table("DECISION TABLE").Rows)
        {
            Assert.Contains("@ ev:", row[2], StringComparison.Ordinal);
            Assert.Contains("@ ev:", row[5], StringComparison.Ordinal);
        }

        foreach (var row in report.Table("SAFETY GATE STATUS").Rows)
        {
            Assert.Matches("^[-+]?[0-9.]+( %)? \\(CI95 [-+]?[0-9.]+ to [-+]?[0-9.]+\\) @ ev:[0-9a-f]{8}", row[2]);
        }

        Assert.Matches("\\(ev:[0-9a-f]{8}\\)", Justification(report));
    }

    [Fact]
    public void Markdown_NoMlflowRun_ClaimsNoMlflowPrometheusOrGrafana()
    {
        var text = Render(VerdictOutcome.Go).Text;

        Assert.DoesNotContain("mlflow", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("prometheus", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("grafana", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markdown_CandidateMlflowRun_CitedBesideEvidenceAndInClosingLine()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with { Candidate = evidence.Candidate with { MlflowRunId = "8724" } };

        var report = new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy));

        Assert.Equal($"47.8 ms @ {VerdictFixture.CandidateTelemetry.Value} @ mlflow:8724", report.Row("DECISION TABLE", "Latency P95")[2]);
        Assert.EndsWith($"@ {VerdictFixture.BaselineTelemetry.Value}", report.Row("DECISION TABLE", "Error Rate")[5], StringComparison.Ordinal);
        Assert.StartsWith("Candidate v2.4.0 (mlflow:8724) vs production v2.3.1 ·", report.Lines[2], StringComparison.Ordinal);
        Assert.Contains("MLflow run ids (mlflow:8724)", report.ClosingLine, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus", report.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ClosingLine_NamesOnlySourcesThatWereRead()
    {
        var (decision, evidence, policy) = VerdictFixture.Go();
        evidence = evidence with
        {
            Inputs = [.. evidence.Inputs.Select(i => i.Role == "rollback" ? i with { Id = null, Problem = "file not found" } : i)],
        };

        var closing = new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy)).ClosingLine;

        Assert.StartsWith(
            "> **Ops Commander Verdict:** GO — based on request telemetry, TREC runs, relevance qrels, compliance labels, "
            + "OIP model metadata and environment manifests (ev:",
            closing,
            StringComparison.Ordinal);
        Assert.DoesNotContain(VerdictFixture.Rollback.Value, closing, StringComparison.Ordinal);
        Assert.Contains(VerdictFixture.AblatedRun.Value, closing, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerdictOutcome.Go)]
    [InlineData(VerdictOutcome.Reject)]
    public void Markdown_SameInputs_SameBytes(VerdictOutcome outcome)
    {
        var (decision, evidence, policy) = VerdictFixture.For(outcome);
        var (decision2, evidence2, policy2) = VerdictFixture.For(outcome);

        Assert.Equal(VerdictReport.Markdown(decision, evidence, policy), VerdictReport.Markdown(decision2, evidence2, policy2));
        Assert.Equal(VerdictReport.Json(decision, evidence, policy), VerdictReport.Json(decision2, evidence2, policy2));
    }

    private static string Summary(MarkdownDocument report) => Assert.Single(report.Section("DEPLOYMENT SUMMARY"));

    private static string Justification(MarkdownDocument report)
    {
        var section = report.Section("FINAL VERDICT");
        Assert.Equal(2, section.Count);
        return section[1];
    }

    private static string ReportLabel(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Go => "GO",
        VerdictOutcome.ShadowOnly => "SHADOW ONLY",
        VerdictOutcome.PauseAndFix => "PAUSE_AND_FIX",
        _ => "REJECT",
    };

    private static MarkdownDocument Render(VerdictOutcome outcome)
    {
        var (decision, evidence, policy) = VerdictFixture.For(outcome);
        return new MarkdownDocument(VerdictReport.Markdown(decision, evidence, policy));
    }
}
