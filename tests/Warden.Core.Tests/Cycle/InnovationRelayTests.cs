using Warden.Core.Cycle;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Cycle.CycleFixture;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// The relay's four rules, each firing and not firing, with a row at every boundary. Statuses are
/// set on the passing fixture's checks where the rule reads only statuses; where a threshold
/// decides, the real engine judges evidence placed exactly at it.
/// </summary>
public sealed class InnovationRelayTests
{
    private const CheckStatus Pass = CheckStatus.Pass;
    private const CheckStatus Fail = CheckStatus.Fail;
    private const CheckStatus Inc = CheckStatus.Inconclusive;

    // uplift, ΔnDCG, P95, P95 drift, error rate, throughput → fires
    public static TheoryData<string, CheckStatus, CheckStatus, CheckStatus, CheckStatus, CheckStatus, CheckStatus, bool> QualityRows() => new()
    {
        { "compliance pass, P95 fail", Pass, Pass, Fail, Pass, Pass, Pass, true },
        { "compliance pass only, drift fail", Pass, Inc, Pass, Fail, Pass, Pass, true },
        { "nDCG pass only, error rate fail", Inc, Pass, Pass, Pass, Fail, Pass, true },
        { "compliance pass, latency pass", Pass, Pass, Pass, Pass, Pass, Pass, false },
        { "quality inconclusive, latency fail", Inc, Inc, Fail, Fail, Fail, Pass, false },
        { "quality fail, latency fail", Fail, Fail, Fail, Pass, Pass, Pass, false },
        { "quality pass, latency inconclusive", Pass, Pass, Inc, Inc, Inc, Pass, false },
        { "quality pass, only throughput fail", Pass, Pass, Pass, Pass, Pass, Fail, false },
    };

    [Theory]
    [MemberData(nameof(QualityRows))]
    public void Find_QualityAndLatencyStatuses_QualityVersusLatencyOnlyWhenPassAndFail(
        string row, CheckStatus uplift, CheckStatus ndcg, CheckStatus p95, CheckStatus drift, CheckStatus error, CheckStatus throughput, bool fires)
    {
        var candidate = WithStatuses(
            (CheckIds.ComplianceUplift, uplift), (CheckIds.NdcgDelta, ndcg), (CheckIds.P95, p95),
            (CheckIds.P95Drift, drift), (CheckIds.ErrorRate, error), (CheckIds.Throughput, throughput));

        var items = InnovationRelay.Find(Input([candidate]));

        Assert.Equal(fires ? 1 : 0, items.Count(i => i.Kind == InnovationKinds.QualityVersusLatency));
        Assert.DoesNotContain(items, i => i.Kind != InnovationKinds.QualityVersusLatency);
        Assert.NotEmpty(row);
    }

    [Fact]
    public void Find_EngineJudgedP95AboveTarget_ItemCarriesNumbersTargetsEvidenceAndRuns()
    {
        // P95 CI95 [50.1, 53.9] is entirely above 50 ms → FAIL; drift Δ stays at the fixture's +1.6 ms.
        var candidate = Judged(e => e with { Candidate = e.Candidate with { P95 = Est(52.0, 50.1, 53.9, 118_000, "order-statistic", "candidate.telemetry") } });

        var item = Assert.Single(InnovationRelay.Find(Input([candidate])));

        Assert.Equal(InnovationKinds.QualityVersusLatency, item.Kind);
        Assert.Equal(("search", "2.4.0", Dimension.Latency), (item.Service, item.Version, item.Dimension));
        Assert.Equal("search 2.4.0 improved ranking quality (Compliance@1 uplift and ΔnDCG@10) but failed P95 latency", item.Title);
        Assert.Equal(
            "Compliance@1 uplift PASS: +12.3 % (CI95 +10.4 to +14.2 %); target ≥ +10 % of baseline (relative), CI of Δ > 0. "
            + "ΔnDCG@10 PASS: +0.0123 (CI95 +0.0051 to +0.0197); target CI of Δ > 0. "
            + "P95 latency FAIL: 52.0 ms (CI95 50.1 to 53.9 ms); target < 50 ms (CI upper).",
            item.Detail);
        // Gain: ComplianceDelta 0.025 → +2.5 pts; ΔnDCG +0.0123; cost: P95 52.0 ms.
        Assert.Equal(
            "Profile the candidate's serving path, the visual tower first: quality gain Compliance@1 +2.5 pts and ΔnDCG@10 +0.0123 at P95 52.0 ms; look for a cheaper architecture that keeps the gain.",
            item.Suggestion);
        // Uplift cites the two runs and the compliance judgments, ΔnDCG adds the qrels, P95 the candidate telemetry.
        Assert.Equal(
            [.. Ids("baseline.run", "candidate.run", "judgments.compliance", "judgments.qrels", "candidate.telemetry").Select(i => i.Value)],
            item.EvidenceIds);
        Assert.Equal([new MlflowRun("candidate", "2.4.0", "8731"), new MlflowRun("production", "2.3.0", "8724")], item.MlflowRuns);
        Assert.Equal("reports/search/2.4.0/deployment_verdict.md", item.Report);
    }

    // Ablation: FAIL only when the whole CI is below 5 %; correlation: FAIL when the CI lower bound reaches 0.95.
    public static TheoryData<string, double, double, double, double, string[]> GateRows() => new()
    {
        { "both gates pass", 0.051, 0.113, 0.790, 0.832, [] },
        { "ablation upper exactly 5 %", 0.010, 0.050, 0.790, 0.832, [] },
        { "ablation upper just below 5 %", 0.010, 0.0499, 0.790, 0.832, [CheckIds.AblationDrop] },
        { "correlation lower just below 0.95", 0.051, 0.113, 0.9499, 0.97, [] },
        { "correlation lower exactly 0.95", 0.051, 0.113, 0.95, 0.97, [CheckIds.ScoreCorrelation] },
        { "both gates fail", 0.010, 0.0499, 0.95, 0.97, [CheckIds.AblationDrop, CheckIds.ScoreCorrelation] },
    };

    [Theory]
    [MemberData(nameof(GateRows))]
    public void Find_SafetyGateAtBoundary_ItemPerFailedGate(string row, double dropLow, double dropHigh, double corrLow, double corrHigh, string[] expected)
    {
        var candidate = Judged(e => e with
        {
            AblationDrop = Est((dropLow + dropHigh) / 2, dropLow, dropHigh, 500),
            ScoreCorrelation = Est((corrLow + corrHigh) / 2, corrLow, corrHigh, 5_000),
        });

        var items = InnovationRelay.Find(Input([candidate]));

        var gates = items.Where(i => i.Kind == InnovationKinds.SafetyGate).ToList();
        Assert.Equal(expected.Length, gates.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var check = Check(candidate.Decision, expected[i]);
            Assert.Equal(Fail, check.Status);
            Assert.StartsWith($"{check.Name} FAIL: ", gates[i].Detail, StringComparison.Ordinal);
        }

        Assert.NotEmpty(row);
    }

    [Fact]
    public void Find_AblationFailed_NamesGateValueIntervalAndTarget()
    {
        var candidate = Judged(e => e with { AblationDrop = Est(0.021, 0.004, 0.038, 500, "bootstrap-percentile", "candidate.run", "candidate.ablated_run") });

        var item = Assert.Single(InnovationRelay.Find(Input([candidate])));

        Assert.Equal("search 2.4.0 failed the Visual-ablation drop gate: removing its visual features costs less than 5 %", item.Title);
        Assert.Equal("Visual-ablation drop FAIL: 2.1 % (CI95 0.4 to 3.8 %); target ≥ 5 % and CI lower > 0.", item.Detail);
        Assert.Equal(
            "Check that the visual features reach the model (feature pipeline, fusion weights): removing them changes nDCG by only 2.1 %, against a 5 % minimum.",
            item.Suggestion);
        Assert.Equal([.. Ids("candidate.run", "candidate.ablated_run").Select(i => i.Value)], item.EvidenceIds);
        Assert.Equal([new MlflowRun("candidate", "2.4.0", "8731")], item.MlflowRuns);
    }

    [Theory]
    [InlineData(Inc, Inc)]
    [InlineData(Pass, Pass)]
    public void Find_SafetyGatesNotFailed_NoItem(CheckStatus ablation, CheckStatus correlation)
    {
        var candidate = WithStatuses((CheckIds.AblationDrop, ablation), (CheckIds.ScoreCorrelation, correlation));

        Assert.Empty(InnovationRelay.Find(Input([candidate])));
    }

    // live low/high, offline low/high per metric; offline P95 [46, 50], error [0.004, 0.006], compliance [0.75, 0.80].
    public static TheoryData<string, string, double, double, string?> DriftRows() => new()
    {
        { "P95 inside", "p95", 47, 49, null },
        { "P95 touches offline upper", "p95", 50, 52, null },
        { "P95 just above", "p95", 50.01, 52, "above" },
        { "P95 touches offline lower", "p95", 44, 46, null },
        { "P95 just below", "p95", 44, 45.99, "below" },
        { "error touches offline upper", "error", 0.006, 0.009, null },
        { "error just above", "error", 0.0061, 0.009, "above" },
        { "error entirely below", "error", 0.001, 0.0039, null },
        { "compliance touches offline lower", "compliance", 0.70, 0.75, null },
        { "compliance just below", "compliance", 0.70, 0.7499, "below" },
        { "compliance just above", "compliance", 0.8001, 0.85, "above" },
        { "compliance NaN bound", "compliance", double.NaN, 0.74, null },
    };

    [Theory]
    [MemberData(nameof(DriftRows))]
    public void Find_LiveAgainstOfflineInterval_DriftOnlyWithAGap(string row, string metric, double low, double high, string? direction)
    {
        var live = Interval(low, high);
        var comparison = metric switch
        {
            "p95" => Comparison(liveP95: live, offlineP95: Interval(46, 50)),
            "error" => Comparison(liveError: live, offlineError: Interval(0.004, 0.006)),
            _ => Comparison(liveCompliance: live, offlineCompliance: Interval(0.75, 0.80)),
        };

        var items = InnovationRelay.Find(Input(comparisons: [comparison]));

        if (direction is null)
        {
            Assert.Empty(items);
        }
        else
        {
            var item = Assert.Single(items);
            Assert.Equal(InnovationKinds.LiveOfflineDrift, item.Kind);
            Assert.Contains($" is {direction} the offline evaluation's ", item.Title, StringComparison.Ordinal);
            Assert.Equal(metric == "compliance" ? Dimension.Compliance : Dimension.Latency, item.Dimension);
        }

        Assert.NotEmpty(row);
    }

    [Fact]
    public void Find_OneSideWithoutEstimate_NoDriftItem()
    {
        // Each metric is far apart where both sides have it, so only the missing side keeps it quiet.
        var comparisons = new[]
        {
            Comparison(liveP95: Interval(80, 90), offlineP95: null, liveError: null, offlineError: Interval(0.004, 0.006)),
            Comparison(liveP95: null, offlineP95: Interval(46, 50), liveCompliance: Interval(0.5, 0.6), offlineCompliance: null, service: "other"),
        };

        Assert.Empty(InnovationRelay.Find(Input(comparisons: comparisons)));
    }

    [Fact]
    public void Find_P95Drift_DetailHasBothIntervalsAndTarget()
    {
        var comparison = Comparison(liveP95: Interval(54, 58, 40_000), offlineP95: Interval(45.8, 46.6, 120_000));

        var item = Assert.Single(InnovationRelay.Find(Input(comparisons: [comparison])));

        // Values are the interval midpoints: (54 + 58) / 2 = 56, (45.8 + 46.6) / 2 = 46.2; 56 − 46.2 = 9.8.
        Assert.Equal("search 2.3.0: live P95 latency 56.0 ms is above the offline evaluation's 46.2 ms", item.Title);
        Assert.Equal(
            "Live P95 latency 56.0 ms (CI95 54.0 to 58.0 ms), n = 40000; offline 46.2 ms (CI95 45.8 to 46.6 ms), n = 120000. "
            + "The intervals do not overlap: live − offline = +9.8 ms. Target: P95 < 50 ms; the guard rolls back above 55 ms.",
            item.Detail);
        Assert.Equal(["evt-live-window", "ev:offline01"], item.EvidenceIds);
        Assert.Equal([new MlflowRun("production", "2.3.0", "8724")], item.MlflowRuns);
    }

    [Fact]
    public void Find_DrillRollback_ExcludedButRealOneReported()
    {
        var input = Input(rollbacks: [Rollback("rb-drill", drill: true), Rollback("rb-real", trigger: "latency_p95")]);

        var item = Assert.Single(InnovationRelay.Find(input));

        Assert.Equal(InnovationKinds.RollbackRootCause, item.Kind);
        Assert.Equal("search 2.4.0 was rolled back to 2.3.0 by the latency_p95 trigger", item.Title);
        Assert.Equal("Rollback rb-real, detected 2026-03-01T11:30:00Z: latency_p95 tripped on 2.4.0. RTO 2.5 s.", item.Detail);
        Assert.Equal(["rollback_log.json#rb-real"], item.EvidenceIds);
        Assert.Contains("1 drill left out", InnovationReport.Summary(input, [item]), StringComparison.Ordinal);
        Assert.Contains("1 rollback (", InnovationReport.Summary(input, [item]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compliance_drop", Dimension.Compliance)]
    [InlineData("latency_p95", Dimension.Latency)]
    [InlineData("latency_drift", Dimension.Latency)]
    [InlineData("error_rate", Dimension.Latency)]
    [InlineData("error_rate_vs_production", Dimension.Latency)]
    [InlineData("compliance", Dimension.Compliance)]
    [InlineData("p95_latency", Dimension.Latency)]
    [InlineData("backend_down", null)]
    [InlineData("cycle", null)]
    [InlineData("something_new", null)]
    public void Find_RollbackTrigger_DimensionAndOwnSuggestion(string trigger, Dimension? dimension)
    {
        var item = Assert.Single(InnovationRelay.Find(Input(rollbacks: [Rollback("rb-1", trigger)])));

        Assert.Equal(dimension, item.Dimension);
        Assert.False(string.IsNullOrWhiteSpace(item.Suggestion));
        Assert.DoesNotContain('\n', item.Suggestion);
    }

    [Fact]
    public void Find_NullInput_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => InnovationRelay.Find(null!));
        Assert.Throws<ArgumentNullException>(() => InnovationRelay.Find(Input() with { Policy = null! }));
    }

    [Fact]
    public void Find_RollbackTriggers_EachSuggestionDistinctExceptAliases()
    {
        string[] triggers = ["compliance_drop", "latency_p95", "latency_drift", "error_rate", "backend_down", "cycle", "something_new"];

        var suggestions = triggers
            .Select(t => Assert.Single(InnovationRelay.Find(Input(rollbacks: [Rollback("rb-1", t)]))).Suggestion)
            .ToList();

        Assert.Equal(triggers.Length, suggestions.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Find_RollbackOfJudgedVersion_CarriesItsMlflowRunElseUnknown()
    {
        var judged = WithStatuses(Judged(), (CheckIds.AblationDrop, Inc));
        var input = Input([judged], rollbacks: [Rollback("rb-1", version: "2.4.0"), Rollback("rb-2", version: "2.5.0", minute: 1)]);

        var items = InnovationRelay.Find(input);

        Assert.Equal(
            [new MlflowRun("rolled_back", "2.4.0", "8731"), new MlflowRun("rolled_back", "2.5.0", null)],
            items.SelectMany(i => i.MlflowRuns));
        Assert.Contains("- MLflow run: unknown (rolled back 2.5.0)\n", InnovationReport.Markdown(input, items), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EveryKind_HierarchyThenKindThenServiceThenVersionWhateverTheInputOrder()
    {
        var candidates = new List<JudgedCandidate>
        {
            WithStatuses(Judged(service: "search", version: "2.4.0"), (CheckIds.P95, Fail), (CheckIds.AblationDrop, Fail)),
            WithStatuses(Judged(service: "ads", version: "1.1.0"), (CheckIds.ErrorRate, Fail)),
            WithStatuses(Judged(service: "ads", version: "1.0.9"), (CheckIds.P95Drift, Fail)),
        };
        var comparisons = new List<LiveOfflineComparison>
        {
            Comparison(liveP95: Interval(60, 70), offlineP95: Interval(46, 50), liveCompliance: Interval(0.6, 0.7), offlineCompliance: Interval(0.75, 0.8)),
        };
        var rollbacks = new List<RollbackCause>
        {
            Rollback("rb-3", "backend_down"),
            Rollback("rb-2", "compliance_drop"),
            Rollback("rb-1", "error_rate", minute: 5),
            Rollback("rb-0", "error_rate", minute: 1),
            Rollback("rb-9", "latency_p95", drill: true),
        };

        var input = Input(candidates, comparisons, rollbacks);
        var forward = InnovationRelay.Find(input);
        candidates.Reverse();
        rollbacks.Reverse();
        var reversed = InnovationRelay.Find(Input(candidates, comparisons, rollbacks));

        // Compliance (drift, then rollback), Latency (quality_vs_latency by service/version, drift,
        // rollbacks by detection time), Safety, then no dimension.
        string[] expected =
        [
            "live_offline_drift search 2.3.0 Compliance",
            "rollback_root_cause search 2.4.0 Compliance",
            "quality_vs_latency ads 1.0.9 Latency",
            "quality_vs_latency ads 1.1.0 Latency",
            "quality_vs_latency search 2.4.0 Latency",
            "live_offline_drift search 2.3.0 Latency",
            "rollback_root_cause search 2.4.0 Latency",
            "rollback_root_cause search 2.4.0 Latency",
            "safety_gate search 2.4.0 Safety",
            "rollback_root_cause search 2.4.0 ",
        ];
        Assert.Equal(expected, forward.Select(i => $"{i.Kind} {i.Service} {i.Version} {i.Dimension}"));
        Assert.Equal(["rb-0", "rb-1"], forward.Where(i => i.Detail.Contains("error_rate", StringComparison.Ordinal)).Select(i => i.Detail[9..13]));
        // Items hold lists, so they are compared by their JSON, which writes every field.
        Assert.Equal(InnovationReport.Json(input, forward), InnovationReport.Json(input, reversed));
    }
}
