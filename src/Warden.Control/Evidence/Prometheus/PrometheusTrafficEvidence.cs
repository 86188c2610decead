using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Verdicts;
using Warden.Rollouts;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// A rollout's live measurements from Prometheus: production's and the candidate's requests, errors
/// and latency buckets summed over every gateway replica it scrapes, the quantiles and their
/// intervals computed from the bucket counts (<see cref="BucketQuantile"/>). A failed query, or no
/// series for the candidate, is evidence <see cref="StepEvidence.Unavailable"/> with the reason and
/// the <c>prom:</c> ids of the queries asked.
/// </summary>
internal sealed class PrometheusTrafficEvidence(PrometheusTrafficQuery query) : ITrafficEvidence
{
    /// <inheritdoc />
    public async ValueTask<StepEvidence> MeasureAsync(
        RolloutState state, TrafficArm candidateArm, DateTimeOffset from, DateTimeOffset to, VerdictPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (to - from < TimeSpan.FromMilliseconds(1))
        {
            return StepEvidence.Missing(state.KnownGood, state.Candidate, $"the window starting {PrometheusProvenance.Format(from)} has not begun", []);
        }

        var measured = await Task.WhenAll(
            query.MeasureAsync(state.Service, state.KnownGood, TrafficArm.Production, from, to, policy.Confidence, cancellationToken),
            query.MeasureAsync(state.Service, state.Candidate, candidateArm, from, to, policy.Confidence, cancellationToken)).ConfigureAwait(false);
        return Evidence(measured[0], measured[1], policy);
    }

    /// <summary>The step evidence of two measurements over the same window.</summary>
    internal static StepEvidence Evidence(PrometheusTrafficMeasurement production, PrometheusTrafficMeasurement candidate, VerdictPolicy policy)
    {
        IReadOnlyList<string> ids = [.. production.Provenance, .. candidate.Provenance];
        var errored = new[] { production, candidate }.Where(m => m.Status == PrometheusQueryStatus.Errored).Select(m => m.Reason).Distinct().ToArray();
        if (errored.Length > 0)
        {
            return StepEvidence.Missing(production.Version, candidate.Version, string.Join("; ", errored), ids);
        }

        if (candidate.Status != PrometheusQueryStatus.Samples)
        {
            return StepEvidence.Missing(production.Version, candidate.Version, candidate.Reason ?? "no data", ids);
        }

        var both = production.Status == PrometheusQueryStatus.Samples;
        return new StepEvidence
        {
            ProductionRequests = production.Requests,
            CanaryRequests = candidate.Requests,
            Evidence = new VerdictEvidence
            {
                DeploymentId = $"canary-{candidate.Version}",
                AsOf = candidate.End,
                Baseline = Arm(production),
                Candidate = Arm(candidate),
                P95Drift = both ? BucketQuantile.Difference(Bounds(production), Bounds(candidate), 0.95, policy.Confidence) : null,
            },
            EvidenceIds = ids,
        };
    }

    private static ArmMeasurements Arm(PrometheusTrafficMeasurement m) => new()
    {
        Version = m.Version,
        Requests = m.Requests,
        P95 = m.P95,
        ErrorRate = m.ErrorRate,
    };

    private static (double UpperBound, long Count)[] Bounds(PrometheusTrafficMeasurement m) => [.. m.Buckets.Select(b => (b.UpperBoundMs, b.Count))];
}
