using System.Text.Json;
using Warden.Core.Recovery;

namespace Warden.Core.Tests.Recovery;

public sealed class RollbackOfficerReportTests
{
    private static readonly DateTimeOffset Now = RecoveryFixture.Now;

    [Fact]
    public void Markdown_AnyAssessment_SectionsInOrderAndClosingLineLast()
    {
        var md = RollbackOfficerReport.Markdown(RollbackOfficer.Assess(RecoveryFixture.Input(RecoveryFixture.ReadyRuns())));

        string[] headings = ["### ROLLBACK STATUS SUMMARY", "### GUARDRAIL TABLE", "### METRICS & RECOVERY PERFORMANCE", "### INCIDENT SUMMARY", "### VERDICT & ACTION"];
        var positions = headings.Select(h => md.IndexOf(h + "\n", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("| Trigger | Threshold | Last Test / Event | Result | Status | Evidence |\n", md, StringComparison.Ordinal);
        Assert.Contains("| Metric | Target | Observed | CI95 | Status | Evidence |\n", md, StringComparison.Ordinal);
        Assert.Equal(
            "> **Rollback Officer Verdict:** Ready — RTO = 2 s, RPO = 60 s, Success = 100 %, evidence = recovery_test.json#drill-4",
            md.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public void Markdown_NoRun_ClosingLineSaysNone()
    {
        var a = RollbackOfficer.Assess(RecoveryFixture.Input([]));

        Assert.Equal("> **Rollback Officer Verdict:** Failed — RTO = n/a, RPO = n/a, Success = n/a, evidence = none", RollbackOfficerReport.ClosingLine(a));
    }

    public static TheoryData<string, List<RecoveryRun>> Cases() => new()
    {
        { "no run", [] },
        { "ready", RecoveryFixture.ReadyRuns() },
        // The longest summary: every status named, incidents, A/A drills, failures.
        {
            "everything", [
                RecoveryFixture.Drill("drill-1", "compliance_drop", Now.AddDays(-6), success: false),
                RecoveryFixture.Drill("drill-2", "latency_p95", Now.AddDays(-6)),
                RecoveryFixture.Drill("drill-3", "latency_drift", Now.AddDays(-5)) with { Kind = RecoveryRunKind.Incident },
                RecoveryFixture.Drill("drill-4", "error_rate", Now.AddDays(-4), success: false),
                RecoveryFixture.Drill("drill-5", "error_rate", Now.AddDays(-3)),
                RecoveryFixture.Drill("aa-1", "error_rate", Now.AddDays(-2), success: false) with { Kind = RecoveryRunKind.AaDrill },
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Markdown_Summary_AtMost120Words(string name, List<RecoveryRun> runs)
    {
        var md = RollbackOfficerReport.Markdown(RollbackOfficer.Assess(RecoveryFixture.Input(runs)));

        var start = md.IndexOf("### ROLLBACK STATUS SUMMARY\n", StringComparison.Ordinal) + "### ROLLBACK STATUS SUMMARY\n".Length;
        var summary = md[start..md.IndexOf("### GUARDRAIL TABLE", StringComparison.Ordinal)];
        var words = summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.InRange(words, 10, RollbackOfficerReport.SummaryMaxWords);
        Assert.False(string.IsNullOrWhiteSpace(name));
    }

    [Fact]
    public void Json_UnboundedInterval_NullNotInfinity()
    {
        var runs = new List<RecoveryRun> { RecoveryFixture.Drill("drill-1", "error_rate", Now.AddHours(-1)) };

        using var json = JsonDocument.Parse(RollbackOfficerReport.Json(RollbackOfficer.Assess(RecoveryFixture.Input(runs))));

        var rto = json.RootElement.GetProperty("metrics")[0];
        Assert.Equal("RTO", rto.GetProperty("metric").GetString());
        Assert.Equal(JsonValueKind.Null, rto.GetProperty("ci95").GetProperty("low").ValueKind);
        Assert.Equal(JsonValueKind.Null, rto.GetProperty("ci95").GetProperty("high").ValueKind);
        Assert.Equal("Partial", json.RootElement.GetProperty("verdict").GetString());
    }
}
