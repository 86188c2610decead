namespace Warden.Core.Rollouts;

/// <summary>What a canary step's analysis tells the controller to do.</summary>
public enum StepOutcome
{
    /// <summary>Keep the step: the window is not complete, or inconclusive before its maximum duration.</summary>
    Hold,

    /// <summary>Every check passed on a complete window: move to the next step (or to promotion).</summary>
    Advance,

    /// <summary>Inconclusive at the maximum duration with <see cref="InconclusiveAction.Pause"/>: wait for a human.</summary>
    Pause,

    /// <summary>A check failed, or inconclusive at the maximum duration with <see cref="InconclusiveAction.Rollback"/>.</summary>
    Rollback,
}
