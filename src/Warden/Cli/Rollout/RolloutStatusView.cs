using Warden.Core.Policy;
using Warden.Core.Rollouts;
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

    /// <summary>Reads the view of <paramref name="service"/>'s latest rollout, judging a canary step with <paramref name="policy"/>.</summary>
    public static ValueTask<RolloutStatusView> ReadAsync(IWardenStore store, string service, VerdictPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.ReadAsync(async (tx, ct) =>
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
                Live = await RolloutMeasurements.AnalyzeStepAsync(tx, rollout.State, plan, policy, now, ct).ConfigureAwait(false),
            };
        }, cancellationToken);
    }
}
