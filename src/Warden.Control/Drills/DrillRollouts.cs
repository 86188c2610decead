using Warden.Core.Rollouts;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Drills;

/// <summary>
/// Starts the rollout of one drill run. A drill rollout is a rollout like any other to the
/// controller and the guard in <c>warden serve</c> (that is the path a drill tests), with three
/// differences: no verdict stands behind it (its deployment id is the run id), it starts at its one
/// canary step instead of the shadow, and the step holds longer than the run, so only the guard's
/// rollback or the drill's own abort ends it. It is stored and audited (<c>rollout.start</c>) as any start.
/// </summary>
internal static class DrillRollouts
{
    /// <summary>The largest request count a drill step waits for: more than any drill sends, so the step's analysis never ends it.</summary>
    private const long HoldRequests = 1_000_000_000;

    /// <exception cref="RolloutRefusal">The route has a rollout running already; a drill never runs beside one.</exception>
    public static ValueTask<StoredRollout> StartAsync(IWardenStore store, DrillRolloutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = new RolloutPlan
        {
            Steps = [new CanaryStep { WeightPercent = request.WeightPercent, MinRequests = HoldRequests, MinDuration = request.Hold, MaxDuration = request.Hold + request.Hold }],
            OnInconclusive = InconclusiveAction.Pause,
            BakeTime = TimeSpan.Zero,
        };
        return store.WriteAsync(async (tx, ct) =>
        {
            if (await tx.Rollouts.ActiveAsync(request.Route, ct).ConfigureAwait(false) is { } running)
            {
                throw new RolloutRefusal(
                    $"{request.Route} has a rollout running already: rollout {running.Id} of {running.State.Candidate}, {RolloutText.Where(running.State)}. " +
                    $"A drill never runs beside another rollout of its route: wait for it to finish, or stop it with 'warden rollout abort {request.Route}'.");
            }

            var start = RolloutMachine.Start(request.RunId, request.Route, request.Candidate, request.KnownGood, shadowOnly: false, tx.Now);
            start = start with
            {
                Next = start.Next with { Phase = RolloutPhase.Canary, Step = 0 },
                Reason = $"Recovery drill {request.RunId} on {request.Route}: {request.Candidate} (the faulty build) at {request.WeightPercent} % beside {request.KnownGood}, {request.What}; {(request.Aa ? "the live guard is expected to leave it alone" : "the live guard is expected to roll it back")}.",
            };
            var stored = await tx.Rollouts.AddAsync(start.Next, RolloutPlanJson.Write(plan), null, request.Actor, ct).ConfigureAwait(false)
                ?? throw new RolloutRefusal($"{request.Route} has a rollout running already; see 'warden rollout status {request.Route}'.");
            await RolloutTransitions.RecordStartAsync(tx, stored, start, new RolloutInput("drill", request.Actor), "none (recovery drill)", ct).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }
}
