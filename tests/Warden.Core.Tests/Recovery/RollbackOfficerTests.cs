using Warden.Core.Policy;
using Warden.Core.Recovery;

namespace Warden.Core.Tests.Recovery;

/// <summary>Each rule of docs/drills.md ("The Rollback Officer's report") with a row exactly at its threshold.</summary>
public sealed class RollbackOfficerTests
{
    private static readonly DateTimeOffset Now = RecoveryFixture.Now;

    [Fact]
    public void Assess_EveryPathDrilledWithinTargets_Ready()
    {
        var a = RollbackOfficer.Assess(RecoveryFixture.Input(RecoveryFixture.ReadyRuns()));

        Assert.Equal(OfficerVerdict.Ready, a.Verdict);
        Assert.Equal("Continue Monitoring", a.NextAction);
        Assert.All(a.Guardrails, g => Assert.Equal(GuardrailStatus.Pass, g.Status));
        Assert.Equal("drill-4", a.CitedRun!.RunId);
    }

    [Fact]
    public void Assess_NoRunInWindow_Failed()
    {
        var a = RollbackOfficer.Assess(RecoveryFixture.Input([]));

        Assert.Equal(OfficerVerdict.Failed, a.Verdict);
        Assert.Equal("Alert Ops Commander", a.NextAction);
        Assert.Null(a.CitedRun);
        Assert.All(a.Guardrails, g => Assert.Equal(GuardrailStatus.Untested, g.Status));
    }

    [Theory]
    // Ticks relative to Since: a run exactly at Since is in the window, one tick before is not.
    [InlineData(0, true)]
    [InlineData(-1, false)]
    public void Assess_RunAtWindowStart_CountedOnlyFromSince(long ticks, bool counted)
    {
        var policy = new VerdictPolicy { Rollback = new RollbackPolicy { DrillMaxAgeDays = 30 } };
        var run = RecoveryFixture.Drill("drill-1", "error_rate", RecoveryFixture.Since.AddTicks(ticks));

        var a = RollbackOfficer.Assess(RecoveryFixture.Input([run], policy));

        Assert.Equal(counted ? 1 : 0, a.Runs.Count);
        Assert.Equal(counted ? OfficerVerdict.Partial : OfficerVerdict.Failed, a.Verdict);
    }

    [Fact]
    public void Assess_RunAfterNow_Ignored()
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.Add(RecoveryFixture.Drill("drill-future", "error_rate", Now.AddTicks(1), success: false));

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(OfficerVerdict.Ready, a.Verdict);
    }

    [Theory]
    // Age of the only backend_down drill, in seconds past the 7-day max age: exactly 7 days is still within.
    [InlineData(-1, GuardrailStatus.Pass, OfficerVerdict.Ready)]
    [InlineData(0, GuardrailStatus.Pass, OfficerVerdict.Ready)]
    [InlineData(1, GuardrailStatus.Untested, OfficerVerdict.Partial)]
    public void Assess_PathDrillAge_UntestedPastMaxAge(int secondsPastMaxAge, GuardrailStatus status, OfficerVerdict verdict)
    {
        // The window reaches further back than the max age, so the old drill is in it but too old to count.
        var runs = RecoveryFixture.ReadyRuns();
        runs[3] = RecoveryFixture.Drill("drill-4", "backend_down", Now.AddDays(-7).AddSeconds(-secondsPastMaxAge));
        var input = RecoveryFixture.Input(runs) with { Since = Now.AddDays(-30) };

        var a = RollbackOfficer.Assess(input);

        Assert.Equal(status, a.Guardrails.Single(g => g.Path == RecoveryPath.BackendDown).Status);
        Assert.Equal(verdict, a.Verdict);
    }

    [Fact]
    public void Assess_PathNeverDrilled_UntestedAndPartial()
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.RemoveAt(0);

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(GuardrailStatus.Untested, a.Guardrails.Single(g => g.Path == RecoveryPath.ComplianceDrop).Status);
        Assert.Equal(OfficerVerdict.Partial, a.Verdict);
        Assert.Equal("Trigger Full Audit", a.NextAction);
        Assert.StartsWith("Compliance drop untested within 7 days", a.Justification, StringComparison.Ordinal);
    }

    [Theory]
    // Median RTO against the 120 s target: at it is Ready, above it Failed.
    [InlineData(119.999, MetricStatus.Met, OfficerVerdict.Ready)]
    [InlineData(120, MetricStatus.Met, OfficerVerdict.Ready)]
    [InlineData(120.001, MetricStatus.Missed, OfficerVerdict.Failed)]
    public void Assess_MedianRto_FailedAboveTarget(double rto, MetricStatus status, OfficerVerdict verdict)
    {
        var runs = RecoveryFixture.ReadyRuns().Select(r => r with { RtoSeconds = rto }).ToList();

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(status, a.Rto.Status);
        Assert.Equal(verdict, a.Verdict);
    }

    [Theory]
    // Median RPO against the 300 s target: at it is Ready, above it Partial (not Failed).
    [InlineData(300, MetricStatus.Met, OfficerVerdict.Ready)]
    [InlineData(300.001, MetricStatus.Missed, OfficerVerdict.Partial)]
    public void Assess_MedianRpo_PartialAboveTarget(double rpo, MetricStatus status, OfficerVerdict verdict)
    {
        var runs = RecoveryFixture.ReadyRuns().Select(r => r with { RpoSeconds = rpo }).ToList();

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(status, a.Rpo.Status);
        Assert.Equal(verdict, a.Verdict);
    }

    [Fact]
    public void Assess_NoRpoRecorded_PartialNotPass()
    {
        var runs = RecoveryFixture.ReadyRuns().Select(r => r with { RpoSeconds = null }).ToList();

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(MetricStatus.NoData, a.Rpo.Status);
        Assert.Equal(OfficerVerdict.Partial, a.Verdict);
        Assert.StartsWith("No run recorded an RPO", a.Justification, StringComparison.Ordinal);
    }

    [Theory]
    // Failed A/A drills (false rollbacks) among 4 + 1 runs: 0 is 100 % and Met, 1 is above 0 % and At Risk.
    [InlineData(false, MetricStatus.Met, OfficerVerdict.Ready)]
    [InlineData(true, MetricStatus.AtRisk, OfficerVerdict.Partial)]
    public void Assess_FailureRateAboveZero_AtRisk(bool falseRollback, MetricStatus status, OfficerVerdict verdict)
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.Add(new RecoveryRun
        {
            RunId = "aa-1",
            Kind = RecoveryRunKind.AaDrill,
            Service = "ranker",
            Trigger = falseRollback ? "latency_drift" : null,
            StartedAt = Now.AddHours(-1),
            Success = !falseRollback,
            Evidence = "recovery_test.json#aa-1",
        });

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(status, a.SuccessRate.Status);
        Assert.Equal(verdict, a.Verdict);
        Assert.Equal(falseRollback ? 1 : 0, a.FalseRollbacks);

        // An A/A drill tests no rollback path, whatever it tripped.
        Assert.All(a.Guardrails, g => Assert.Equal(GuardrailStatus.Pass, g.Status));
    }

    [Fact]
    public void Assess_LatestRunOfPathFailed_Failed()
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.Add(RecoveryFixture.Drill("drill-5", "error_rate_vs_production", Now.AddHours(-1), success: false));

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        var errors = a.Guardrails.Single(g => g.Path == RecoveryPath.ErrorRate);
        Assert.Equal(GuardrailStatus.Failed, errors.Status);
        Assert.Equal("drill-5", errors.Latest!.RunId);
        Assert.Equal(OfficerVerdict.Failed, a.Verdict);
        Assert.Equal("drill-5", a.CitedRun!.RunId);
    }

    [Fact]
    public void Assess_EarlierRunOfPathFailed_AtRiskAndPartial()
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.Add(RecoveryFixture.Drill("drill-0", "error_rate", Now.AddDays(-2), success: false));

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(GuardrailStatus.AtRisk, a.Guardrails.Single(g => g.Path == RecoveryPath.ErrorRate).Status);
        Assert.Equal(MetricStatus.AtRisk, a.SuccessRate.Status);
        Assert.Equal(OfficerVerdict.Partial, a.Verdict);
        Assert.Equal("drill-0", a.CitedRun!.RunId);
    }

    [Theory]
    [InlineData("errors", RecoveryPath.ErrorRate)]
    [InlineData("latency", RecoveryPath.Latency)]
    [InlineData("hang", RecoveryPath.Latency)]
    [InlineData("crash", RecoveryPath.BackendDown)]
    [InlineData("compliance", RecoveryPath.ComplianceDrop)]
    public void Assess_DrillThatNeverTripped_CountsAgainstItsFaultsPath(string fault, RecoveryPath path)
    {
        var runs = RecoveryFixture.ReadyRuns();
        runs.Add(RecoveryFixture.Drill("drill-5", "error_rate", Now.AddHours(-1), success: false) with { Trigger = null, Fault = fault });

        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(GuardrailStatus.Failed, a.Guardrails.Single(g => g.Path == path).Status);
        Assert.Equal(OfficerVerdict.Failed, a.Verdict);
    }

    [Fact]
    public void Assess_UnknownTrigger_ThrowsNamingRunAndChoices()
    {
        var runs = new[] { RecoveryFixture.Drill("drill-x", "cpu_high", Now.AddHours(-1)) };

        var e = Assert.Throws<ArgumentException>(() => RollbackOfficer.Assess(RecoveryFixture.Input(runs)));

        Assert.StartsWith("Recovery run 'drill-x' has trigger 'cpu_high', which the guard does not have. Use one of: compliance_drop, latency_p95, latency_drift, error_rate, error_rate_vs_production, backend_down.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_SinceAfterNow_Throws()
    {
        var input = RecoveryFixture.Input([]) with { Since = Now.AddTicks(1) };

        Assert.Throws<ArgumentException>(() => RollbackOfficer.Assess(input));
    }

    public static TheoryData<string, List<RecoveryRun>, OfficerVerdict> EveryRule() => new()
    {
        { "no run", [], OfficerVerdict.Failed },
        { "ready", RecoveryFixture.ReadyRuns(), OfficerVerdict.Ready },
        { "path failed", [.. RecoveryFixture.ReadyRuns(), RecoveryFixture.Drill("drill-long-identifier-20261206T035108208Z-1", "latency_drift", Now.AddHours(-1), success: false)], OfficerVerdict.Failed },
        { "rto missed", [.. RecoveryFixture.ReadyRuns().Select(r => r with { RtoSeconds = 500 })], OfficerVerdict.Failed },
        { "untested", [RecoveryFixture.Drill("drill-1", "error_rate", Now.AddHours(-1))], OfficerVerdict.Partial },
        { "at risk", [.. RecoveryFixture.ReadyRuns(), RecoveryFixture.Drill("drill-0", "error_rate", Now.AddDays(-2), success: false)], OfficerVerdict.Partial },
        { "no rto", [.. RecoveryFixture.ReadyRuns().Select(r => r with { RtoSeconds = null })], OfficerVerdict.Partial },
        { "no rpo", [.. RecoveryFixture.ReadyRuns().Select(r => r with { RpoSeconds = null })], OfficerVerdict.Partial },
        { "rpo missed", [.. RecoveryFixture.ReadyRuns().Select(r => r with { RpoSeconds = 900 })], OfficerVerdict.Partial },
    };

    [Theory]
    [MemberData(nameof(EveryRule))]
    public void Assess_EveryRule_VerdictAndShortJustificationWithFileTimeAndRunId(string rule, List<RecoveryRun> runs, OfficerVerdict verdict)
    {
        var a = RollbackOfficer.Assess(RecoveryFixture.Input(runs));

        Assert.Equal(verdict, a.Verdict);
        var words = a.Justification.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.True(words <= RollbackOfficer.JustificationMaxWords, $"{rule}: {words} words: {a.Justification}");
        Assert.Contains(".json", a.Justification, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a.Justification);
        Assert.Contains(a.CitedRun?.RunId ?? "run id none", a.Justification, StringComparison.Ordinal);
    }
}
