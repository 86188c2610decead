using System.Text.Json.Nodes;
using Warden.Core.Drills;

namespace Warden.Core.Tests.Drills;

/// <summary>
/// <see cref="DrillReport"/>: what a drill adds up to (Wilson success rate, RTO percentiles) with
/// answers computed outside .NET, <c>recovery_test.json</c>'s field names, and a run read back
/// from its audit payload.
/// </summary>
public sealed class DrillReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 5, 1, 2, 345, TimeSpan.Zero);

    // Expected limits from the textbook Wilson score interval, computed in Python 3.11:
    //   from math import sqrt; from statistics import NormalDist
    //   z = NormalDist().inv_cdf(0.975)   # 1.959963984540054
    //   p = s/n; c = p + z*z/(2*n); h = z*sqrt(p*(1-p)/n + z*z/(4*n*n)); ((c-h)/(1+z*z/n), (c+h)/(1+z*z/n))
    [Theory]
    [InlineData(3, 4, 0.300641842582402, 0.9544127391902995)]
    [InlineData(4, 5, 0.37553462976252544, 0.9637758913675698)]
    [InlineData(0, 2, 0.0, 0.6576197724933468)]
    [InlineData(2, 2, 0.3423802275066532, 1.0)]
    public void Summarize_SuccessRate_IsWilsonCi95(int successes, int runs, double low, double high)
    {
        var drill = Enumerable.Range(1, runs).Select(i => Run(i, success: i <= successes)).ToList();

        var rate = DrillReport.Summarize(drill).SuccessRate!;

        Assert.Equal((double)successes / runs, rate.Value, 15);
        Assert.Equal(low, rate.Low, 12);
        Assert.Equal(high, rate.High, 12);
        Assert.Equal(("wilson", 0.95, (long)runs), (rate.Method, rate.Confidence, rate.SampleSize));
    }

    [Fact]
    public void Summarize_RunsWithAndWithoutRto_RtoStatsOverThoseThatMeasuredOne()
    {
        List<DrillRun> runs =
        [
            Run(1, success: true, rto: 4.2, failedDuringSwitch: 0),
            Run(2, success: true, rto: 1.5, failedDuringSwitch: 2),
            Run(3, success: false, rto: null, rolledBack: false, failedDuringSwitch: 5),
            Run(4, success: true, rto: 9.0, failedDuringSwitch: 0),
            Run(5, success: true, rto: 2.25, failedDuringSwitch: 1),
        ];

        var summary = DrillReport.Summarize(runs);

        Assert.Equal((5, 4, 4, 8L), (summary.Runs, summary.Successes, summary.RolledBack, summary.FailedDuringSwitch));

        // numpy 1.24 (linear, its default): numpy.percentile([4.2, 1.5, 9.0, 2.25], 50) = 3.225,
        // numpy.percentile([4.2, 1.5, 9.0, 2.25], 90) = 7.5600000000000005; the run without an RTO left out.
        Assert.Equal(3.225, summary.RtoMedianSeconds!.Value, 12);
        Assert.Equal(7.5600000000000005, summary.RtoP90Seconds!.Value, 12);
        Assert.Equal(9.0, summary.RtoMaxSeconds);
    }

    [Fact]
    public void Summarize_OneRto_EveryStatisticIsIt()
    {
        var summary = DrillReport.Summarize([Run(1, success: true, rto: 0.8), Run(2, success: false, rto: null, rolledBack: false)]);

        Assert.Equal((0.8, 0.8, 0.8), (summary.RtoMedianSeconds, summary.RtoP90Seconds, summary.RtoMaxSeconds));
    }

    [Fact]
    public void Summarize_NoRunMeasuredAnRto_RtoStatsNullRateStillGiven()
    {
        var summary = DrillReport.Summarize([Run(1, success: false, rto: null, rolledBack: false)]);

        Assert.Null(summary.RtoMedianSeconds);
        Assert.Null(summary.RtoP90Seconds);
        Assert.Null(summary.RtoMaxSeconds);
        Assert.Equal(0, summary.SuccessRate!.Value);
    }

    [Fact]
    public void Summarize_NoRuns_NullRateAndNoRto()
    {
        var summary = DrillReport.Summarize([]);

        Assert.Equal(
            new DrillReport.Summary { Runs = 0, Successes = 0, SuccessRate = null, RolledBack = 0, RtoMedianSeconds = null, RtoP90Seconds = null, RtoMaxSeconds = null, FailedDuringSwitch = 0 },
            summary);
    }

    [Fact]
    public void Json_FaultDrill_SnakeCaseFieldsWithSummaryAndRuns()
    {
        var drill = Drill("errors", [Run(1, success: true, rto: 2.5), Run(2, success: false, rto: null, rolledBack: false)]);

        var root = JsonNode.Parse(DrillReport.Json(drill))!.AsObject();

        Assert.Equal(
            ["drill_id", "service", "route", "on_live", "kind", "fault", "started_at", "finished_at", "load_rate", "weight_percent", "designed_false_alarm", "objectives", "summary", "runs"],
            root.Select(p => p.Key));
        Assert.Equal("dr-20261206T050102345Z", (string)root["drill_id"]!);
        Assert.Equal(("ranker", "ranker-drill", false), ((string)root["service"]!, (string)root["route"]!, (bool)root["on_live"]!));
        Assert.Equal(("fault", "errors"), ((string)root["kind"]!, (string)root["fault"]!));
        Assert.Equal("2026-12-06T05:01:02.345+00:00", (string)root["started_at"]!);
        Assert.Equal(Start.AddMinutes(3), (DateTimeOffset)root["finished_at"]!);
        Assert.Equal((100.0, 50m, 0.01), ((double)root["load_rate"]!, (decimal)root["weight_percent"]!, (double)root["designed_false_alarm"]!));
        Assert.Equal((120.0, 3600.0), ((double)root["objectives"]!["rto_seconds"]!, (double)root["objectives"]!["rpo_seconds"]!));

        var summary = root["summary"]!.AsObject();
        Assert.Equal(
            ["runs", "successes", "success_rate", "rolled_back", "rto_median_seconds", "rto_p90_seconds", "rto_max_seconds", "failed_during_switch"],
            summary.Select(p => p.Key));
        Assert.Equal((2, 1, 1), ((int)summary["runs"]!, (int)summary["successes"]!, (int)summary["rolled_back"]!));
        Assert.Equal((0.5, "wilson"), ((double)summary["success_rate"]!["value"]!, (string)summary["success_rate"]!["method"]!));
        Assert.Equal(2.5, (double)summary["rto_max_seconds"]!);

        var runs = root["runs"]!.AsArray();
        Assert.Equal(2, runs.Count);
        var run = runs[0]!.AsObject();
        Assert.Equal(
            [
                "run_id", "drill_id", "service", "route", "on_live", "fault", "fault_settings", "candidate", "known_good", "rollout_id",
                "started_at", "exposed_at", "fault_onset_at", "detected_at", "switched_at", "restored_at", "rto_seconds", "rpo_seconds",
                "detection_seconds", "trigger", "rollback_run_id", "rolled_back", "success", "requests", "requests_to_candidate",
                "failed_by_fault", "failed_during_switch", "evidence", "problem",
            ],
            run.Select(p => p.Key));
        Assert.Equal(("dr-20261206T050102345Z-1", 2.5, "rollback_log.json#rb-1"), ((string)run["run_id"]!, (double)run["rto_seconds"]!, (string)run["evidence"]!));
        Assert.Null(runs[1]!["rto_seconds"]);
        Assert.Equal("recovery_test.json#dr-20261206T050102345Z-2", (string)runs[1]!["evidence"]!);
    }

    [Fact]
    public void Json_AaDrill_KindAaAndNullFault()
    {
        var root = JsonNode.Parse(DrillReport.Json(Drill(null, [])))!.AsObject();

        Assert.Equal("aa", (string)root["kind"]!);
        Assert.True(root.ContainsKey("fault"));
        Assert.Null(root["fault"]);
        Assert.Null(root["summary"]!["success_rate"]);
        Assert.Empty(root["runs"]!.AsArray());
    }

    [Fact]
    public void Read_NodeOfAFullRun_RoundTripsToAnEqualRun()
    {
        var run = new DrillRun
        {
            RunId = "dr-20261206T050102345Z-3",
            DrillId = "dr-20261206T050102345Z",
            Service = "ranker",
            Route = "ranker",
            OnLive = true,
            Fault = "latency",
            FaultSettings = """{"latency_ms":100}""",
            Candidate = "faulty",
            KnownGood = "v1",
            RolloutId = 42,
            StartedAt = Start,
            ExposedAt = Start.AddMilliseconds(250),
            FaultOnsetAt = Start.AddSeconds(1),
            DetectedAt = Start.AddSeconds(2.125),
            SwitchedAt = Start.AddSeconds(2.2),
            RestoredAt = Start.AddSeconds(2.3),
            RtoSeconds = 1.3,
            RpoSeconds = 3600,
            DetectionSeconds = 1.125,
            Trigger = "latency_p95",
            RollbackRunId = "rb-7",
            RolledBack = true,
            Success = true,
            Requests = 230,
            RequestsToCandidate = 61,
            FailedByFault = 0,
            FailedDuringSwitch = 1,
            Evidence = "rollback_log.json#rb-7",
            Problem = "one request failed in the switch",
        };

        Assert.Equal(run, DrillReport.Read(DrillReport.Node(run).ToJsonString()));
    }

    [Fact]
    public void Read_NodeOfAnAaRunWithNulls_RoundTripsToAnEqualRun()
    {
        var run = Run(1, success: true, rto: null, rolledBack: false) with { Fault = null, FaultSettings = null };

        Assert.Equal(run, DrillReport.Read(DrillReport.Node(run).ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"run_id\": ")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"dr-1-1\"")]
    [InlineData("[{\"run_id\": \"dr-1-1\"}]")]
    [InlineData("{}")]
    [InlineData("{\"run_id\": \"dr-1-1\", \"drill_id\": \"dr-1\"}")]
    public void Read_NotARun_Null(string json)
    {
        Assert.Null(DrillReport.Read(json));
    }

    [Fact]
    public void Read_RunWithAFieldOfTheWrongType_Null()
    {
        var node = DrillReport.Node(Run(1, success: true, rto: 1.5));
        node["rolled_back"] = "yes";

        Assert.Null(DrillReport.Read(node.ToJsonString()));
    }

    private static DrillReport.Drill Drill(string? fault, IReadOnlyList<DrillRun> runs) => new()
    {
        DrillId = "dr-20261206T050102345Z",
        Service = "ranker",
        Route = "ranker-drill",
        Fault = fault,
        StartedAt = Start,
        FinishedAt = Start.AddMinutes(3),
        LoadRate = 100,
        WeightPercent = 50,
        DesignedFalseAlarm = 0.01,
        RtoObjectiveSeconds = 120,
        RpoObjectiveSeconds = 3600,
        Runs = runs,
    };

    private static DrillRun Run(int n, bool success, double? rto = null, bool rolledBack = true, long failedDuringSwitch = 0) => new()
    {
        RunId = $"dr-20261206T050102345Z-{n}",
        DrillId = "dr-20261206T050102345Z",
        Service = "ranker",
        Route = "ranker-drill",
        Fault = "errors",
        FaultSettings = """{"error_rate":0.05}""",
        Candidate = "faulty",
        KnownGood = "v1",
        StartedAt = Start.AddSeconds(30 * n),
        RtoSeconds = rto,
        RolledBack = rolledBack,
        Success = success,
        FailedDuringSwitch = failedDuringSwitch,
        Evidence = rolledBack ? $"rollback_log.json#rb-{n}" : $"recovery_test.json#dr-20261206T050102345Z-{n}",
    };
}
