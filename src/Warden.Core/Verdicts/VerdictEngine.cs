using System.Collections.Immutable;
using Warden.Core.Policy;

namespace Warden.Core.Verdicts;

/// <summary>
/// Decides GO · SHADOW ONLY · PAUSE_AND_FIX · REJECT from the evidence and the policy: runs the
/// twelve checks, lets the six reviewers vote, and applies the four verdict rules in order (see
/// <c>docs/verdicts.md</c>). A pure function: no clock, no randomness, no I/O, so the same
/// evidence and policy always give the same decision.
/// </summary>
public static class VerdictEngine
{
    /// <summary>
    /// Judges <paramref name="evidence"/> against <paramref name="policy"/>. Missing or thin data
    /// never throws: it makes the affected check INCONCLUSIVE (or FAIL for provenance, integrity
    /// and API metadata) with the reason.
    /// </summary>
    /// <param name="evidence">Measurements, comparisons and bundle facts; intervals are used as given.</param>
    /// <param name="policy">Thresholds, minimum samples and quorum.</param>
    /// <returns>The outcome, the rule that fired, its findings, the six votes and all twelve checks in hierarchy order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The policy's quorum is outside 1–6.</exception>
    public static VerdictDecision Decide(VerdictEvidence evidence, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(policy);
        var reviewers = Enum.GetValues<ReviewerRole>().Length;
        if (policy.Quorum < 1 || policy.Quorum > reviewers)
        {
            throw new ArgumentOutOfRangeException(
                nameof(policy),
                policy.Quorum,
                $"The quorum must be between 1 and {reviewers} GO votes (currently {policy.Quorum}); set policy.quorum in warden.yaml.");
        }

        // Built directly in hierarchy order (Compliance, Latency, Throughput, Novelty, Safety,
        // Integrity, Integration, Rollback readiness); reviewers, findings and reports keep it.
        ImmutableArray<CheckResult> checks =
        [
            ComplianceChecks.Uplift(evidence, policy),
            LatencyChecks.P95(evidence, policy),
            LatencyChecks.P95Drift(evidence, policy),
            LatencyChecks.ErrorRate(evidence, policy),
            LatencyChecks.Throughput(evidence, policy),
            ComplianceChecks.NdcgDelta(evidence, policy),
            SafetyChecks.AblationDrop(evidence, policy),
            SafetyChecks.ScoreCorrelation(evidence, policy),
            IntegrityChecks.Provenance(evidence, policy),
            IntegrityChecks.Environment(evidence),
            IntegrationChecks.Api(evidence),
            RollbackChecks.Readiness(evidence, policy),
        ];

        return VerdictRules.Apply(evidence, policy, checks, Reviewers.Vote(checks));
    }
}
