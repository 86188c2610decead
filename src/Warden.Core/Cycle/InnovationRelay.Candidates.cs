using System.Globalization;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>Rules 1 and 2: what a judged candidate's checks teach.</summary>
public static partial class InnovationRelay
{
    // Hierarchy order within each group, as the engine lists its checks.
    private static readonly string[] QualityChecks = [CheckIds.ComplianceUplift, CheckIds.NdcgDelta];
    private static readonly string[] LatencyChecks = [CheckIds.P95, CheckIds.P95Drift, CheckIds.ErrorRate];
    private static readonly string[] SafetyGateChecks = [CheckIds.AblationDrop, CheckIds.ScoreCorrelation];

    /// <summary>
    /// Rule 1, <c>quality_vs_latency</c>: the candidate's ranking quality improved — the
    /// Compliance@K uplift check or the ΔnDCG@K check is PASS — and a latency check (P95, P95
    /// drift or error rate) is FAIL. Both halves must be decided: an INCONCLUSIVE quality check is
    /// not an improvement, an INCONCLUSIVE latency check not a failure, and either gives no item.
    /// One item per candidate, naming every passed quality check and every failed latency check.
    /// </summary>
    private static Found? QualityVersusLatency(JudgedCandidate candidate, VerdictPolicy policy)
    {
        var improved = Checks(candidate, QualityChecks, CheckStatus.Pass);
        var failed = Checks(candidate, LatencyChecks, CheckStatus.Fail);
        if (improved.Count == 0 || failed.Count == 0)
        {
            return null;
        }

        var names = ReportText.List([.. failed.Select(c => c.Name)]);
        var gain = ReportText.List([.. improved.Select(c => Gain(c, candidate.Evidence, policy))]);
        var cost = ReportText.List([.. failed.Select(Cost)]);
        var item = new InnovationItem
        {
            Kind = InnovationKinds.QualityVersusLatency,
            Service = candidate.Service,
            Version = candidate.CandidateVersion,
            Dimension = Dimension.Latency,
            Title = $"{candidate.Service} {candidate.CandidateVersion} improved ranking quality ({ReportText.List([.. improved.Select(c => c.Name)])}) but failed {names}",
            Detail = string.Join(' ', improved.Concat(failed).Select(c => CheckLine(c, policy))),
            Suggestion = $"Profile the candidate's serving path, the visual tower first: quality gain {gain} at {cost}; look for a cheaper architecture that keeps the gain.",
            EvidenceIds = CheckEvidence(improved.Concat(failed)),
            MlflowRuns = [CandidateRun(candidate), ProductionRun(candidate)],
            Report = candidate.ReportPath,
        };
        return new Found(item, candidate.DeploymentId);
    }

    /// <summary>
    /// Rule 2, <c>safety_gate</c>: the visual-ablation drop check or the v1/v2 score correlation
    /// check is FAIL — the candidate barely uses its visual features (a drop below the policy's
    /// minimum, 5 % by default), or its scores are too close to production's (a correlation at or
    /// above the maximum, 0.95 by default). One item per failed gate, naming the gate, its observed
    /// value with its interval and its target as the check result gives them. INCONCLUSIVE gives
    /// no item: the verdict already says what data is missing.
    /// </summary>
    private static IEnumerable<Found> SafetyGates(JudgedCandidate candidate, VerdictPolicy policy)
    {
        foreach (var gate in Checks(candidate, SafetyGateChecks, CheckStatus.Fail))
        {
            var ablation = gate.Id == CheckIds.AblationDrop;
            var observed = gate.Observed is { } e ? Quantity(gate.Id, policy).Value(e.Value) : "an unmeasured value";
            var item = new InnovationItem
            {
                Kind = InnovationKinds.SafetyGate,
                Service = candidate.Service,
                Version = candidate.CandidateVersion,
                Dimension = Dimension.Safety,
                Title = ablation
                    ? $"{candidate.Service} {candidate.CandidateVersion} failed the {gate.Name} gate: removing its visual features costs less than {Percent(policy.Safety.AblationDropMin)}"
                    : $"{candidate.Service} {candidate.CandidateVersion} failed the {gate.Name} gate: its scores are too close to production {candidate.BaselineVersion}'s",
                Detail = CheckLine(gate, policy),
                Suggestion = ablation
                    ? $"Check that the visual features reach the model (feature pipeline, fusion weights): removing them changes nDCG by only {observed}, against a {Percent(policy.Safety.AblationDropMin)} minimum."
                    : $"Find what the candidate learns beyond production {candidate.BaselineVersion}: their scores correlate at {observed}; vary the training data or objective before the next candidate.",
                EvidenceIds = CheckEvidence([gate]),
                MlflowRuns = ablation ? [CandidateRun(candidate)] : [CandidateRun(candidate), ProductionRun(candidate)],
                Report = candidate.ReportPath,
            };
            yield return new Found(item, $"{candidate.DeploymentId}\0{Array.IndexOf(SafetyGateChecks, gate.Id)}");
        }
    }

    private static List<CheckResult> Checks(JudgedCandidate candidate, string[] ids, CheckStatus status) =>
        [.. ids.SelectMany(id => candidate.Decision.Checks.Where(c => c.Id == id && c.Status == status))];

    /// <summary><c>P95 latency FAIL: 52.0 ms (CI95 51.2 to 52.9 ms); target &lt; 50 ms (CI upper).</c></summary>
    private static string CheckLine(CheckResult check, VerdictPolicy policy)
    {
        var observed = check.Observed is { } e ? Cited(e, Quantity(check.Id, policy)) : "no value recorded";
        return $"{check.Name} {ReportText.Label(check.Status)}: {observed}; target {check.Target}.";
    }

    // The quality gain in the words a researcher compares models by: Compliance@K in points when
    // the paired Δ is known (the uplift itself may be relative), ΔnDCG@K as a score.
    private static string Gain(CheckResult check, VerdictEvidence evidence, VerdictPolicy policy)
    {
        if (check.Id == CheckIds.ComplianceUplift && evidence.ComplianceDelta is { } delta)
        {
            return $"Compliance@{policy.Compliance.K.ToString(CultureInfo.InvariantCulture)} {ReportQuantity.DeltaPoints.Value(delta.Value)}";
        }

        return check.Observed is { } e ? $"{check.Name} {Quantity(check.Id, policy).Value(e.Value)}" : check.Name;
    }

    private static string Cost(CheckResult check) => (check.Id, check.Observed) switch
    {
        (CheckIds.P95, { } e) => $"P95 {ReportQuantity.Milliseconds.Value(e.Value)}",
        (CheckIds.P95Drift, { } e) => $"{ReportQuantity.DeltaMilliseconds.Value(e.Value)} P95 over production",
        (CheckIds.ErrorRate, { } e) => $"an error rate of {ReportQuantity.ErrorPercent.Value(e.Value)}",
        _ => check.Name,
    };

    /// <summary>How a check's observed value is written, as the verdict report writes it.</summary>
    private static ReportQuantity Quantity(string checkId, VerdictPolicy policy) => checkId switch
    {
        CheckIds.ComplianceUplift => policy.Compliance.UpliftMode == UpliftMode.Relative ? ReportQuantity.DeltaPercent : ReportQuantity.DeltaPoints,
        CheckIds.NdcgDelta => ReportQuantity.DeltaScore,
        CheckIds.P95 => ReportQuantity.Milliseconds,
        CheckIds.P95Drift => ReportQuantity.DeltaMilliseconds,
        CheckIds.ErrorRate => ReportQuantity.ErrorPercent,
        CheckIds.Throughput => ReportQuantity.RequestsPerSecond,
        CheckIds.AblationDrop => ReportQuantity.Percent,
        CheckIds.ScoreCorrelation => ReportQuantity.Score,
        _ => ReportQuantity.Plain,
    };

    /// <summary><c>52.0 ms (CI95 51.2 to 52.9 ms)</c>.</summary>
    private static string Cited(Estimate estimate, ReportQuantity quantity) =>
        $"{quantity.Value(estimate.Value)} ({CheckText.Label(estimate)} {quantity.Interval(estimate.Low, estimate.High)})";

    // A check's own evidence, then its estimate's (the engine usually copies one into the other).
    private static List<string> CheckEvidence(IEnumerable<CheckResult> checks) =>
        Distinct(checks.SelectMany(c =>
            (c.Evidence.IsDefault ? [] : c.Evidence.Select(i => i.Value))
                .Concat(c.Observed is { Evidence.IsDefault: false } e ? e.Evidence.Select(i => i.Value) : [])));

    private static MlflowRun CandidateRun(JudgedCandidate candidate) =>
        new("candidate", candidate.CandidateVersion, candidate.Evidence.Candidate.MlflowRunId);

    private static MlflowRun ProductionRun(JudgedCandidate candidate) =>
        new("production", candidate.BaselineVersion, candidate.Evidence.Baseline.MlflowRunId);

    private static string Percent(double fraction) => CheckText.PercentThreshold(fraction);
}
