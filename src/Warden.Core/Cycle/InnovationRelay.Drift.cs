using System.Globalization;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>Rule 3: production's live numbers against its offline evaluation.</summary>
public static partial class InnovationRelay
{
    // An error-rate difference in percentage points, with the error rate's two decimals.
    private static readonly ReportQuantity DeltaErrorPoints = new("0.00", " pts", 100, true);

    /// <summary>
    /// Rule 3, <c>live_offline_drift</c>, one item per metric that drifted, in hierarchy order:
    /// <list type="bullet">
    /// <item>Compliance@K: the live interval and the offline interval do not overlap, either way.</item>
    /// <item>P95 latency: the live interval and the offline interval do not overlap, either way.</item>
    /// <item>Error rate: the live interval lies entirely above the offline one (fewer live errors is no finding).</item>
    /// </list>
    /// Both sides must have the estimate; a metric one side lacks gives no item, never a guess.
    /// Intervals that touch at one point overlap: only a gap between them is a drift. A NaN bound
    /// never drifts. The version's MLflow run is the offline arm's, else the live arm's, else that
    /// of a judged candidate's arm with the same service and version; unknown otherwise.
    /// </summary>
    private static IEnumerable<Found> Drifts(LiveOfflineComparison comparison, IReadOnlyList<JudgedCandidate> candidates, VerdictPolicy policy)
    {
        var live = comparison.Live;
        var offline = comparison.Offline;
        var k = policy.Compliance.K.ToString(CultureInfo.InvariantCulture);
        var run = new MlflowRun("production", comparison.Version, offline.MlflowRunId ?? live.MlflowRunId ?? RunOf(comparison.Service, comparison.Version, candidates));
        if (live.Compliance is { } lc && offline.Compliance is { } oc && Apart(lc, oc))
        {
            var lower = lc.High < oc.Low;
            yield return Drift(
                comparison, run, lc, oc, metric: 0, Dimension.Compliance, $"Compliance@{k}", ReportQuantity.Percent, ReportQuantity.DeltaPoints,
                $"the guard rolls back at a live drop of {Number(policy.Guard.ComplianceDropPoints)} pts against production",
                lower
                    ? $"Refresh the offline judgments with live queries: live Compliance@{k} is {ReportQuantity.DeltaPoints.Value(lc.Value - oc.Value)} off the offline evaluation, which no longer represents what users ask."
                    : $"Find why the offline set is harder than live traffic (live Compliance@{k} is {ReportQuantity.DeltaPoints.Value(lc.Value - oc.Value)} off offline) and rebalance it, or its verdicts understate candidates.");
        }

        if (live.P95 is { } lp && offline.P95 is { } op && Apart(lp, op))
        {
            var higher = lp.Low > op.High;
            yield return Drift(
                comparison, run, lp, op, metric: 1, Dimension.Latency, "P95 latency", ReportQuantity.Milliseconds, ReportQuantity.DeltaMilliseconds,
                $"P95 < {Number(policy.Latency.P95TargetMs)} ms; the guard rolls back above {Number(policy.Latency.P95TargetMs + policy.Guard.LatencyMarginMs)} ms",
                higher
                    ? $"Find what live traffic adds to latency ({ReportQuantity.DeltaMilliseconds.Value(lp.Value - op.Value)} P95 over offline: load, payload sizes, cold caches) and benchmark offline on a replay of it."
                    : $"Recalibrate the offline latency bench: it measures P95 {ReportQuantity.DeltaMilliseconds.Value(op.Value - lp.Value)} above live, so it fails candidates production would carry.");
        }

        if (live.ErrorRate is { } le && offline.ErrorRate is { } oe && Apart(le, oe) && le.Low > oe.High)
        {
            yield return Drift(
                comparison, run, le, oe, metric: 2, Dimension.Latency, "error rate", ReportQuantity.ErrorPercent, DeltaErrorPoints,
                $"error rate < {CheckText.PercentThreshold(policy.ErrorRate.Limit)}",
                "Replay the failing live requests against this version offline and add them to the evaluation: live traffic hits failures the offline set does not.");
        }
    }

    // Disjoint: a gap between the intervals. Touching ends (live.Low == offline.High) overlap; an
    // interval with a NaN end is no interval, so it never drifts.
    private static bool Apart(Estimate live, Estimate offline) =>
        !HasNaN(live) && !HasNaN(offline) && (live.Low > offline.High || live.High < offline.Low);

    private static bool HasNaN(Estimate estimate) => double.IsNaN(estimate.Low) || double.IsNaN(estimate.High);

    private static Found Drift(
        LiveOfflineComparison comparison, MlflowRun run, Estimate live, Estimate offline, int metric, Dimension dimension, string name,
        ReportQuantity quantity, ReportQuantity delta, string target, string suggestion)
    {
        var direction = live.Low > offline.High ? "above" : "below";
        var item = new InnovationItem
        {
            Kind = InnovationKinds.LiveOfflineDrift,
            Service = comparison.Service,
            Version = comparison.Version,
            Dimension = dimension,
            Title = $"{comparison.Service} {comparison.Version}: live {name} {quantity.Value(live.Value)} is {direction} the offline evaluation's {quantity.Value(offline.Value)}",
            Detail = $"Live {name} {Cited(live, quantity)}, n = {Count(live.SampleSize)}; offline {Cited(offline, quantity)}, n = {Count(offline.SampleSize)}. "
                + $"The intervals do not overlap: live − offline = {delta.Value(live.Value - offline.Value)}. Target: {target}.",
            Suggestion = suggestion,
            EvidenceIds = Distinct(comparison.LiveEvidenceIds
                .Concat(live.Evidence.IsDefault ? [] : live.Evidence.Select(i => i.Value))
                .Concat(comparison.OfflineEvidenceIds)
                .Concat(offline.Evidence.IsDefault ? [] : offline.Evidence.Select(i => i.Value))),
            MlflowRuns = [run],
        };
        return new Found(item, metric.ToString(CultureInfo.InvariantCulture));
    }

    private static string Number(double value) => CheckText.Number(value, CheckText.Threshold);

    private static string Count(long value) => CheckText.Count(value);
}
