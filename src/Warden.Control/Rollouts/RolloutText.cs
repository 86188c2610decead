using System.Globalization;
using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>How rollouts read in messages, tables and JSON.</summary>
internal static class RolloutText
{
    /// <summary>Where a rollout is: <c>in shadow</c>, <c>at canary step 2 (5 %)</c>, <c>paused at canary step 2</c> …</summary>
    public static string Where(RolloutState state, RolloutPlan? plan = null)
    {
        var where = state.Phase switch
        {
            RolloutPhase.Shadow => "in shadow",
            RolloutPhase.Canary => $"at canary step {(state.Step + 1).ToString(CultureInfo.InvariantCulture)}" +
                (plan is not null && state.Step >= 0 && state.Step < plan.Steps.Count ? $" ({RolloutPlanJson.Percent(plan.Steps[state.Step].WeightPercent)} %)" : string.Empty),
            RolloutPhase.AwaitingApproval => "awaiting approval",
            RolloutPhase.Baking => "promoted, baking",
            RolloutPhase.Promoted => "promoted",
            _ => "rolled back",
        };
        return state.Paused ? $"{where}, paused" : where;
    }
}
