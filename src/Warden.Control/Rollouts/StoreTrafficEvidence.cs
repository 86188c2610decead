using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>The default source of live measurements: the 1-second telemetry windows the gateways write to the store.</summary>
internal sealed class StoreTrafficEvidence(IWardenStore store) : ITrafficEvidence
{
    /// <inheritdoc />
    public async ValueTask<StepEvidence> MeasureAsync(
        RolloutState state, TrafficArm candidateArm, DateTimeOffset from, DateTimeOffset to, VerdictPolicy policy, CancellationToken cancellationToken)
    {
        var (production, candidate) = await store.ReadAsync(
            (tx, ct) => RolloutMeasurements.ReadAsync(tx, state, candidateArm, from, to, ct), cancellationToken).ConfigureAwait(false);
        return StepEvidence.Of(production, candidate, policy);
    }
}
