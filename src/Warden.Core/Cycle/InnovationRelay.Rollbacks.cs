using System.Globalization;
using Warden.Core.Reports;
using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>Rule 4: the rollbacks of the cycle's window.</summary>
public static partial class InnovationRelay
{
    /// <summary>
    /// Rule 4, <c>rollback_root_cause</c>: one item per rollback that is not a drill's (a drill's
    /// rollback is the expected outcome of an injected fault, not a cause to research), with its
    /// trigger, the trigger's words and the RTO. The suggestion and the dimension follow the
    /// trigger: <c>compliance_drop</c> is Compliance; <c>latency_p95</c>, <c>latency_drift</c>,
    /// <c>error_rate</c> and <c>error_rate_vs_production</c> are Latency (the dimension error rate
    /// belongs to); <c>backend_down</c>, <c>cycle</c> and an unknown trigger have none. The
    /// rolled-back version's MLflow run comes from a judged candidate of the same service and
    /// version when the cycle has one, and is unknown otherwise.
    /// </summary>
    private static Found RootCause(RollbackCause rollback, IReadOnlyList<JudgedCandidate> candidates)
    {
        var version = rollback.RolledBackVersion;
        var (dimension, suggestion) = rollback.Trigger switch
        {
            "compliance_drop" or "compliance" => ((Dimension?)Dimension.Compliance,
                $"Compare {version}'s live answers with its offline judgments and add the queries it failed to the compliance set; the offline evaluation did not see this drop."),
            "latency_p95" or "p95_latency" => (Dimension.Latency,
                $"Profile {version} under production load (payload sizes, concurrency, the visual tower) and add a load test at live traffic to the offline evaluation."),
            "latency_drift" => (Dimension.Latency,
                $"Find what made {version} slower than production under live traffic and add that traffic shape to the offline latency bench."),
            "error_rate" or "error_rate_vs_production" => (Dimension.Latency,
                $"Replay {version}'s failing requests offline, find the failure mode and add those requests to the evaluation set."),
            "backend_down" => (null,
                $"Find why {version}'s backend went down (crash, memory, readiness) and add a soak test to the offline evaluation."),
            "cycle" => (null,
                $"Review the SLO breach the cycle rolled {version} back for and add a check that catches it before promotion."),
            _ => (null,
                $"Investigate the {rollback.Trigger} trigger's evidence and add a check that would have caught it before the canary."),
        };

        var rto = rollback.RtoSeconds is { } s ? $"{s.ToString("0.##", CultureInfo.InvariantCulture)} s" : "not measured";
        var item = new InnovationItem
        {
            Kind = InnovationKinds.RollbackRootCause,
            Service = rollback.Service,
            Version = version,
            Dimension = dimension,
            Title = $"{rollback.Service} {version} was rolled back to {rollback.RestoredVersion} by the {rollback.Trigger} trigger",
            Detail = $"Rollback {rollback.RunId}, detected {Time(rollback.DetectedAt)}: {ReportText.Sentence(rollback.Description)}. RTO {rto}.",
            Suggestion = suggestion,
            EvidenceIds = string.IsNullOrEmpty(rollback.EvidenceRef) ? [rollback.RunId] : [rollback.EvidenceRef],
            MlflowRuns = [new MlflowRun("rolled_back", version, RunOf(rollback.Service, version, candidates))],
        };
        return new Found(item, $"{rollback.DetectedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\0{rollback.RunId}");
    }

    // Several verdicts may name the version (it was a candidate, later production): the smallest
    // run id, so the answer does not depend on the candidates' order.
    private static string? RunOf(string service, string version, IReadOnlyList<JudgedCandidate> candidates) =>
        candidates
            .Where(c => c.Service == service)
            .SelectMany(c => new[] { c.Evidence.Candidate, c.Evidence.Baseline })
            .Where(arm => arm.Version == version && arm.MlflowRunId is not null)
            .Select(arm => arm.MlflowRunId!)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>UTC to the second: <c>2026-03-01T12:00:00Z</c>.</summary>
    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
