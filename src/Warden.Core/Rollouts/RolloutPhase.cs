namespace Warden.Core.Rollouts;

/// <summary>Where a rollout is. A paused rollout keeps its phase (see <see cref="RolloutState.Paused"/>).</summary>
public enum RolloutPhase
{
    /// <summary>The candidate sees a mirrored copy of production traffic; users never see its answers.</summary>
    Shadow,

    /// <summary>The candidate serves a sticky share of live traffic, step by step.</summary>
    Canary,

    /// <summary>Every step passed; promotion waits for a human <c>approve</c>.</summary>
    AwaitingApproval,

    /// <summary>The candidate is production; the guard keeps watching until the bake time ends.</summary>
    Baking,

    /// <summary>Done: the candidate is production and the bake time passed.</summary>
    Promoted,

    /// <summary>Done: traffic went back to the known-good version (a failed step, the guard, or <c>abort</c>).</summary>
    RolledBack,
}
