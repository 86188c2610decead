using Warden.Core.Cycle;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Cycle;

/// <summary>
/// Inputs for the innovation relay. Judged candidates start from the verdict fixture's passing
/// evidence, judged by the real engine (all twelve checks PASS, MLflow runs 8724 and 8731); a
/// test either changes the evidence and re-judges, or sets a check's status directly when only
/// the relay's reading of statuses is under test.
/// </summary>
internal static class CycleFixture
{
    internal const string CycleId = "cy-20260301T120000Z";

    internal static InnovationInput Input(
        IReadOnlyList<JudgedCandidate>? candidates = null,
        IReadOnlyList<LiveOfflineComparison>? comparisons = null,
        IReadOnlyList<RollbackCause>? rollbacks = null) => new()
        {
            CycleId = CycleId,
            AsOf = AsOf,
            Candidates = candidates ?? [],
            Comparisons = comparisons ?? [],
            Rollbacks = rollbacks ?? [],
            Policy = Defaults,
        };

    /// <summary>The passing fixture judged by the engine, with <paramref name="change"/> applied to the evidence first.</summary>
    internal static JudgedCandidate Judged(Func<VerdictEvidence, VerdictEvidence>? change = null, string service = "search", string version = "2.4.0")
    {
        var evidence = (change ?? (e => e))(Passing()) with { DeploymentId = $"{service}-{version}" };
        evidence = evidence with { Candidate = evidence.Candidate with { Version = version } };
        return new JudgedCandidate
        {
            Service = service,
            CandidateVersion = version,
            BaselineVersion = evidence.Baseline.Version,
            DeploymentId = evidence.DeploymentId,
            Decision = VerdictEngine.Decide(evidence, Defaults),
            Evidence = evidence,
            ReportPath = $"reports/{service}/{version}/deployment_verdict.md",
        };
    }

    /// <summary>The passing candidate with the named checks' statuses set directly (the numbers stay those of the passing fixture).</summary>
    internal static JudgedCandidate WithStatuses(params (string Id, CheckStatus Status)[] statuses) => WithStatuses(Judged(), statuses);

    internal static JudgedCandidate WithStatuses(JudgedCandidate candidate, params (string Id, CheckStatus Status)[] statuses)
    {
        var checks = candidate.Decision.Checks
            .Select(c => statuses.Where(s => s.Id == c.Id).Select(s => c with { Status = s.Status }).DefaultIfEmpty(c).Last())
            .ToList();
        return candidate with { Decision = candidate.Decision with { Checks = [.. checks] } };
    }

    internal static LiveOfflineComparison Comparison(
        Estimate? liveP95 = null, Estimate? offlineP95 = null,
        Estimate? liveError = null, Estimate? offlineError = null,
        Estimate? liveCompliance = null, Estimate? offlineCompliance = null,
        string service = "search", string version = "2.3.0", string? offlineRun = "8724") => new()
        {
            Service = service,
            Version = version,
            Live = new ArmMeasurements { Version = version, Requests = 40_000, P95 = liveP95, ErrorRate = liveError, Compliance = liveCompliance },
            Offline = new ArmMeasurements { Version = version, MlflowRunId = offlineRun, Requests = 120_000, P95 = offlineP95, ErrorRate = offlineError, Compliance = offlineCompliance },
            LiveEvidenceIds = ["evt-live-window"],
            OfflineEvidenceIds = ["ev:offline01"],
        };

    internal static RollbackCause Rollback(
        string runId, string trigger = "error_rate", bool drill = false, string service = "search", string version = "2.4.0", int minute = 0) => new()
        {
            RunId = runId,
            Service = service,
            RolledBackVersion = version,
            RestoredVersion = "2.3.0",
            Trigger = trigger,
            Description = $"{trigger} tripped on {version}",
            DetectedAt = AsOf.AddMinutes(-30 + minute),
            RtoSeconds = 2.5,
            Drill = drill,
            EvidenceRef = $"rollback_log.json#{runId}",
        };

    internal static Estimate Interval(double low, double high, long n = 1000) => Est((low + high) / 2, low, high, n);
}
