using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;

namespace Warden.Rollouts;

/// <summary>
/// Where a rollout's live measurements come from (warden.yaml <c>evidence.source</c>): the gateway's
/// telemetry windows in the store (<see cref="StoreTrafficEvidence"/>, the default) or a Prometheus
/// server scraping every gateway replica. A source never throws for a failed look: it answers
/// <see cref="StepEvidence.Unavailable"/> with the reason, and the step's checks are INCONCLUSIVE.
/// </summary>
internal interface ITrafficEvidence
{
    /// <summary>Production's traffic (its production arm) and the candidate's (its <paramref name="candidateArm"/>) over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="state">The rollout: service, known-good and candidate versions.</param>
    /// <param name="candidateArm">The candidate's arm: canary (a step) or shadow.</param>
    /// <param name="from">Start of the window.</param>
    /// <param name="to">End of the window.</param>
    /// <param name="policy">Confidence and bootstrap settings of the estimates.</param>
    /// <param name="cancellationToken">Cancels the look.</param>
    ValueTask<StepEvidence> MeasureAsync(RolloutState state, TrafficArm candidateArm, DateTimeOffset from, DateTimeOffset to, VerdictPolicy policy, CancellationToken cancellationToken);
}
