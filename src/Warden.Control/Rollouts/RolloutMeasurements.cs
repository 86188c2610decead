using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>
/// A rollout's live measurements, from the gateway's telemetry windows in the store: production's
/// traffic and the candidate's (its shadow answers, or its canary share) over the same window.
/// The controller decides on them; <c>warden rollout status</c> shows the current step's analysis
/// from the same numbers. A step reads them through the configured <see cref="ITrafficEvidence"/>.
/// </summary>
internal static class RolloutMeasurements
{
    /// <summary>Production's and the candidate's traffic in [<paramref name="from"/>, <paramref name="to"/>): the candidate's <paramref name="candidateArm"/> windows.</summary>
    public static async ValueTask<(ArmTraffic Production, ArmTraffic Candidate)> ReadAsync(
        IStoreTransaction tx, RolloutState state, TrafficArm candidateArm, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var production = await tx.TelemetryWindows.ReadAsync(state.Service, state.KnownGood, from, to, cancellationToken).ConfigureAwait(false);
        var candidate = await tx.TelemetryWindows.ReadAsync(state.Service, state.Candidate, from, to, cancellationToken).ConfigureAwait(false);
        return (
            ArmTraffic.Of(state.KnownGood, [.. production.Where(w => w.Arm == TrafficArm.Production)]),
            ArmTraffic.Of(state.Candidate, [.. candidate.Where(w => w.Arm == candidateArm)]));
    }

    /// <summary>The analysis of the canary step <paramref name="state"/> is on, at <paramref name="now"/>, on <paramref name="evidence"/>'s measurements; null outside the canary.</summary>
    public static async ValueTask<StepAnalysis?> AnalyzeStepAsync(
        ITrafficEvidence evidence, RolloutState state, RolloutPlan plan, VerdictPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (state.Phase != RolloutPhase.Canary || state.Step < 0 || state.Step >= plan.Steps.Count)
        {
            return null;
        }

        var measured = await evidence.MeasureAsync(state, TrafficArm.Canary, state.PhaseStartedAt, now, policy, cancellationToken).ConfigureAwait(false);
        return CanaryAnalysis.Analyze(plan.Steps[state.Step], now - state.PhaseStartedAt, measured, policy, plan.OnInconclusive);
    }
}
