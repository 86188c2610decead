namespace Warden.Core.Rollouts;

/// <summary>What a human can tell a rollout (<c>warden rollout pause|resume|promote|abort|approve</c>).</summary>
public enum RolloutCommand
{
    /// <summary>Hold the current phase and step; nothing moves until <see cref="Resume"/>.</summary>
    Pause,

    /// <summary>Continue a paused rollout with a fresh analysis window.</summary>
    Resume,

    /// <summary>Skip to the next step now (from shadow: the first canary step; from the last step: promotion).</summary>
    Promote,

    /// <summary>Skip every remaining step and promote now.</summary>
    PromoteFull,

    /// <summary>Send all traffic back to the known-good version, in any phase, including during the bake time.</summary>
    Abort,

    /// <summary>Promote a rollout waiting in <see cref="RolloutPhase.AwaitingApproval"/>.</summary>
    Approve,
}
