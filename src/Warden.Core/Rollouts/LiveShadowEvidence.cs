using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Rollouts;

/// <summary>
/// The evidence of the live verdict that ends a shadow phase: the shadow's own traffic (P95 with
/// its interval, P95 drift against production over the same window, error rate, and the v1/v2
/// score correlation of the mirrored pairs) in place of the offline bundle's latency, error and
/// correlation evidence; everything else — ranking quality, ablation, throughput capacity,
/// environments, API metadata, rollback readiness, provenance — stays the offline bundle's. Live
/// throughput is offered load, not capacity, so the bundle's benchmark keeps that check. With no
/// offline evidence it is the live measurements alone: what a canary step's analysis judges.
/// </summary>
internal static class LiveShadowEvidence
{
    /// <summary>Merges the live measurements into <paramref name="offline"/> (null: judge the live measurements alone).</summary>
    /// <param name="offline">The offline bundle's evidence, or null when the plan names none.</param>
    /// <param name="deploymentId">The rollout's deployment: the live verdict is recorded under it and supersedes the offline one.</param>
    /// <param name="asOf">The end of the shadow window.</param>
    /// <param name="production">Production's traffic over the shadow window.</param>
    /// <param name="shadow">The shadow's traffic (the candidate's answers to the mirrored requests) over the same window.</param>
    /// <param name="correlation">Pearson correlation of production's and the shadow's scores with its interval, or null when no pair had scores.</param>
    /// <param name="policy">Confidence and bootstrap settings.</param>
    public static VerdictEvidence Merge(
        VerdictEvidence? offline, string deploymentId, DateTimeOffset asOf, ArmTraffic production, ArmTraffic shadow, Estimate? correlation, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(shadow);
        ArgumentNullException.ThrowIfNull(policy);
        var confidence = policy.Confidence;
        var productionLatency = production.Latency.ToLogHistogram();
        var shadowLatency = shadow.Latency.ToLogHistogram();
        var baseline = offline?.Baseline ?? new ArmMeasurements { Version = production.Version };
        var candidate = offline?.Candidate ?? new ArmMeasurements { Version = shadow.Version };
        return new VerdictEvidence
        {
            DeploymentId = deploymentId,
            AsOf = asOf,
            Baseline = Live(baseline with { Version = production.Version }, production, productionLatency, confidence),
            Candidate = Live(candidate with { Version = shadow.Version }, shadow, shadowLatency, confidence),
            ComplianceUplift = offline?.ComplianceUplift,
            ComplianceDelta = offline?.ComplianceDelta,
            NdcgDelta = offline?.NdcgDelta,
            AblationDrop = offline?.AblationDrop,
            P95Drift = productionLatency.Count > 0 && shadowLatency.Count > 0
                ? QuantileBootstrap.Difference(productionLatency, shadowLatency, 0.95, policy.Bootstrap.Resamples, policy.Bootstrap.Seed, confidence)
                : null,
            ScoreCorrelation = correlation,
            Inputs = offline?.Inputs ?? [],
            Rollback = offline?.Rollback,
            Registry = offline?.Registry,
        };
    }

    private static ArmMeasurements Live(ArmMeasurements arm, ArmTraffic traffic, LogHistogram latency, double confidence) => arm with
    {
        Requests = traffic.Requests,
        P95 = latency.Count > 0 ? QuantileInterval.OrderStatistic(latency, 0.95, confidence) : null,
        ErrorRate = traffic.Requests > 0 ? Proportion.Wilson(traffic.Errors, traffic.Requests, confidence) : null,
    };
}
