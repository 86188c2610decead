using System.Text.Json;
using Warden.Core.Cycle;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Cycle.CycleFixture;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// innovation_report.md and its JSON twin. The golden texts were written by hand from the inputs:
/// interval values are the midpoints (54 + 58) / 2 = 56.0 and (45.8 + 46.6) / 2 = 46.2, their
/// difference +9.8 ms; the guard's latency trigger is the 50 ms target + 5 ms margin = 55 ms; the
/// drift's MLflow run 8724 is the judged candidate's production arm (the comparison has none).
/// </summary>
public sealed class InnovationReportTests
{
    private const string Summary =
        "2 items deserve research follow-up (1 live/offline drift and 1 rollback root cause). "
        + "The relay looked at 1 judged candidate, live against offline numbers of 1 production version and 1 rollback "
        + "(1 drill left out: a drill's rollback is expected, not a root cause).";

    private const string DriftTitle = "search 2.3.0: live P95 latency 56.0 ms is above the offline evaluation's 46.2 ms";
    private const string DriftDetail =
        "Live P95 latency 56.0 ms (CI95 54.0 to 58.0 ms), n = 40000; offline 46.2 ms (CI95 45.8 to 46.6 ms), n = 120000. "
        + "The intervals do not overlap: live − offline = +9.8 ms. Target: P95 < 50 ms; the guard rolls back above 55 ms.";
    private const string DriftSuggestion =
        "Find what live traffic adds to latency (+9.8 ms P95 over offline: load, payload sizes, cold caches) and benchmark offline on a replay of it.";
    private const string RollbackTitle = "search 2.5.0 was rolled back to 2.3.0 by the error_rate trigger";
    private const string RollbackDetail = "Rollback rb-20260301T113000Z-1, detected 2026-03-01T11:30:00Z: error_rate tripped on 2.5.0. RTO 2.5 s.";
    private const string RollbackSuggestion = "Replay 2.5.0's failing requests offline, find the failure mode and add those requests to the evaluation set.";

    private static readonly string ExpectedMarkdown = $"""
        # Innovation relay — cy-20260301T120000Z

        As of 2026-03-01T12:00:00Z.

        {Summary}

        ## Items

        | # | Kind | Service | Version | Finding |
        |---|---|---|---|---|
        | 1 | `live_offline_drift` | search | 2.3.0 | {DriftTitle} |
        | 2 | `rollback_root_cause` | search | 2.5.0 | {RollbackTitle} |

        ## 1. {DriftTitle}

        - Kind: `live_offline_drift` (latency)
        - Detail: {DriftDetail}
        - Suggestion: {DriftSuggestion}
        - Evidence: `evt-live-window`, `ev:offline01`
        - MLflow run: 8724 (production 2.3.0)

        ## 2. {RollbackTitle}

        - Kind: `rollback_root_cause` (latency)
        - Detail: {RollbackDetail}
        - Suggestion: {RollbackSuggestion}
        - Evidence: `rollback_log.json#rb-20260301T113000Z-1`
        - MLflow run: unknown (rolled back 2.5.0)

        """;

    private static readonly string ExpectedJson = $$"""
        {
          "report": "innovation_relay",
          "cycle_id": "cy-20260301T120000Z",
          "as_of": "2026-03-01T12:00:00+00:00",
          "counts": {
            "items": 2,
            "quality_vs_latency": 0,
            "safety_gate": 0,
            "live_offline_drift": 1,
            "rollback_root_cause": 1,
            "candidates_judged": 1,
            "live_offline_comparisons": 1,
            "rollbacks": 1,
            "drills_excluded": 1
          },
          "summary": "{{Summary}}",
          "items": [
            {
              "kind": "live_offline_drift",
              "service": "search",
              "version": "2.3.0",
              "dimension": "latency",
              "title": "{{DriftTitle}}",
              "detail": "{{DriftDetail}}",
              "suggestion": "{{DriftSuggestion}}",
              "evidence_ids": [
                "evt-live-window",
                "ev:offline01"
              ],
              "mlflow_runs": [
                {
                  "arm": "production",
                  "version": "2.3.0",
                  "run_id": "8724"
                }
              ],
              "report": null
            },
            {
              "kind": "rollback_root_cause",
              "service": "search",
              "version": "2.5.0",
              "dimension": "latency",
              "title": "{{RollbackTitle}}",
              "detail": "{{RollbackDetail}}",
              "suggestion": "{{RollbackSuggestion}}",
              "evidence_ids": [
                "rollback_log.json#rb-20260301T113000Z-1"
              ],
              "mlflow_runs": [
                {
                  "arm": "rolled_back",
                  "version": "2.5.0",
                  "run_id": null
                }
              ],
              "report": null
            }
          ]
        }
        """;

    // A passing candidate (no item), a P95 drift, a real rollback of an unjudged version, a drill.
    private static InnovationInput SmallCase() => Input(
        [Judged()],
        [Comparison(liveP95: Interval(54, 58, 40_000), offlineP95: Interval(45.8, 46.6, 120_000), offlineRun: null)],
        [Rollback("rb-20260301T113000Z-1", "error_rate", version: "2.5.0"), Rollback("rb-drill-1", "latency_p95", drill: true, minute: -10)]);

    [Fact]
    public void Markdown_SmallCase_MatchesGolden()
    {
        var input = SmallCase();

        var md = InnovationReport.Markdown(input, InnovationRelay.Find(input));

        Assert.Equal(ExpectedMarkdown, md.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_SmallCase_MatchesGolden()
    {
        var input = SmallCase();

        var json = InnovationReport.Json(input, InnovationRelay.Find(input));

        Assert.Equal(ExpectedJson, json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Markdown_NoItems_SaysNothingNeedsFollowUpAndWhatWasLookedAt()
    {
        var input = Input([Judged()], [Comparison(liveP95: Interval(46, 49), offlineP95: Interval(46, 50))], [Rollback("rb-drill-1", drill: true)]);

        var md = InnovationReport.Markdown(input, InnovationRelay.Find(input));

        Assert.Equal(
            """
            # Innovation relay — cy-20260301T120000Z

            As of 2026-03-01T12:00:00Z.

            Nothing from this cycle needs research follow-up. The relay looked at 1 judged candidate, live against offline numbers of 1 production version and 0 rollbacks (1 drill left out: a drill's rollback is expected, not a root cause): no candidate improved ranking quality while failing latency, no safety gate failed, no live number left its offline interval, and no rollback happened outside a drill.

            """,
            md.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Json_NoItems_EmptyItemsAndCounts()
    {
        var input = Input(rollbacks: [Rollback("rb-drill-1", drill: true)]);

        using var json = JsonDocument.Parse(InnovationReport.Json(input, InnovationRelay.Find(input)));

        Assert.Equal(0, json.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("counts").GetProperty("items").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("counts").GetProperty("drills_excluded").GetInt32());
    }

    [Fact]
    public void Markdown_CandidateItems_MlflowRunsOfBothArmsAndUnknownWhenNull()
    {
        var known = WithStatuses((CheckIds.P95, CheckStatus.Fail));
        var unknown = known with
        {
            Evidence = known.Evidence with { Candidate = known.Evidence.Candidate with { MlflowRunId = null } },
        };

        var md = InnovationReport.Markdown(Input([known]), InnovationRelay.Find(Input([known])));
        var mdUnknown = InnovationReport.Markdown(Input([unknown]), InnovationRelay.Find(Input([unknown])));

        Assert.Contains("- MLflow run: 8731 (candidate 2.4.0) · 8724 (production 2.3.0)\n", md, StringComparison.Ordinal);
        Assert.Contains("- MLflow run: unknown (candidate 2.4.0) · 8724 (production 2.3.0)\n", mdUnknown, StringComparison.Ordinal);
        Assert.Contains("- Report: `reports/search/2.4.0/deployment_verdict.md`\n", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_SeveralOfAKindNoDrill_PluralNounsAndNoDrillClause()
    {
        var candidate = WithStatuses((CheckIds.AblationDrop, CheckStatus.Fail), (CheckIds.ScoreCorrelation, CheckStatus.Fail), (CheckIds.P95, CheckStatus.Fail));
        var input = Input([candidate], rollbacks: [Rollback("rb-1"), Rollback("rb-2", minute: 1)]);

        var summary = InnovationReport.Summary(input, InnovationRelay.Find(input));

        Assert.Equal(
            "5 items deserve research follow-up (1 quality/latency trade-off, 2 failed safety gates and 2 rollback root causes). "
            + "The relay looked at 1 judged candidate, live against offline numbers of 0 production versions and 2 rollbacks.",
            summary);
    }

    [Theory]
    [InlineData(InnovationReport.MarkdownFile, "innovation_report.md")]
    [InlineData(InnovationReport.JsonFile, "innovation_report.json")]
    public void FileNames_AreTheDesignsNames(string constant, string expected)
    {
        Assert.Equal(expected, constant);
    }
}
