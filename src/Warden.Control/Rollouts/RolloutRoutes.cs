using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>
/// The route a rollout's stored state calls for. The controller sets it after every transition and
/// whenever the data plane differs (a restart, a second server), so traffic follows the store.
/// </summary>
internal static class RolloutRoutes
{
    /// <summary>The route for <paramref name="state"/> under <paramref name="plan"/>.</summary>
    public static TrafficRoute For(RolloutState state, RolloutPlan plan)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(plan);
        return state.Phase switch
        {
            RolloutPhase.Shadow => new TrafficRoute(state.KnownGood, null, 0, state.Candidate),
            RolloutPhase.Canary when state.Step >= 0 && state.Step < plan.Steps.Count =>
                new TrafficRoute(state.KnownGood, state.Candidate, plan.Steps[state.Step].WeightPercent, null),

            // Waiting for approval keeps the last step's share: the candidate passed it.
            RolloutPhase.AwaitingApproval when plan.Steps.Count > 0 => new TrafficRoute(state.KnownGood, state.Candidate, plan.Steps[^1].WeightPercent, null),
            RolloutPhase.Baking or RolloutPhase.Promoted => new TrafficRoute(state.Candidate, null, 0, null),
            _ => new TrafficRoute(state.KnownGood, null, 0, null),
        };
    }
}
