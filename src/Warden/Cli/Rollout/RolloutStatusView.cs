using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Guard;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli.Rollout;

/// <summary>
/// Everything <c>warden rollout status</c> shows, read in one snapshot of the store: the rollout,
/// its plan and history, the route its state calls for, and for a canary step the analysis of the
/// current window as the controller would judge it now.
/// </summary>
internal sealed record RolloutStatusView
{
    /// <summary>The rollout.</summary>
    public required StoredRollout Rollout { get; init; }

    /// <summary>The plan it started with.</summary>
    public required RolloutPlan Plan { get; init; }

    /// <summary>Its history, oldest first.</summary>
    public required IReadOnlyList<RolloutEventRecord> Events { get; init; }

    /// <summary>The plan's stages, marked.</summary>
    public required IReadOnlyList<RolloutStages.Stage> Stages { get; init; }

    /// <summary>The route the stored state calls for (what <c>warden serve</c> sets).</summary>
    public required TrafficRoute Route { get; init; }

    /// <summary>When the snapshot was read (store clock).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The current canary step's analysis at <see cref="At"/>; null outside the canary.</summary>
    public StepAnalysis? Live { get; init; }

    /// <summary>The live guard's latest word on its evidence for this rollout (a Prometheus that cannot be read); null when it never had to say one.</summary>
    public GuardEvidenceNote? Guard { get; init; }

    /// <summary>
    /// Reads the view of <paramref name="service"/>'s latest rollout, judging a canary step with
    /// <paramref name="policy"/> on <paramref name="evidence"/>'s measurements (null: the gateway's
    /// telemetry windows in the store, read in the same snapshot).
    /// </summary>
    public static async ValueTask<RolloutStatusView> ReadAsync(IWardenStore store, string service, VerdictPolicy policy, ITrafficEvidence? evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var view = await store.ReadAsync(async (tx, ct) =>
        {
            var rollout = await RolloutLookup.FindAsync(tx, service, id: null, ct).ConfigureAwait(false);
            var plan = RolloutPlanJson.Read(rollout.PlanJson);
            var events = await tx.Rollouts.EventsAsync(rollout.Id, ct).ConfigureAwait(false);
            var now = tx.Now;
            return new RolloutStatusView
            {
                Rollout = rollout,
                Plan = plan,
                Events = events,
                Stages = RolloutStages.Of(rollout, plan, events),
                Route = RolloutRoutes.For(rollout.State, plan),
                At = now,
                Live = evidence is null
                    ? await RolloutMeasurements.AnalyzeStepAsync(new SnapshotEvidence(tx), rollout.State, plan, policy, now, ct).ConfigureAwait(false)
                    : null,
                Guard = await GuardEvidenceNote.LatestAsync(tx, rollout, ct).ConfigureAwait(false),
            };
        }, cancellationToken).ConfigureAwait(false);

        // Another source (Prometheus) is asked outside the store's transaction, for the same window.
        return evidence is null
            ? view
            : view with { Live = await RolloutMeasurements.AnalyzeStepAsync(evidence, view.Rollout.State, view.Plan, policy, view.At, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The telemetry windows of the snapshot being read.</summary>
    private sealed class SnapshotEvidence(IStoreTransaction tx) : ITrafficEvidence
    {
        public async ValueTask<StepEvidence> MeasureAsync(
            RolloutState state, TrafficArm candidateArm, DateTimeOffset from, DateTimeOffset to, VerdictPolicy policy, CancellationToken cancellationToken)
        {
            var (production, candidate) = await RolloutMeasurements.ReadAsync(tx, state, candidateArm, from, to, cancellationToken).ConfigureAwait(false);
            return StepEvidence.Of(production, candidate, policy);
        }
    }
}
