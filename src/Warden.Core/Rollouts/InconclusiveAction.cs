namespace Warden.Core.Rollouts;

/// <summary>What a step whose analysis is still inconclusive at its maximum duration does.</summary>
public enum InconclusiveAction
{
    /// <summary>Hold the step and wait for a human (<c>warden rollout resume|promote|abort</c>). The default.</summary>
    Pause,

    /// <summary>Send all traffic back to the known-good version.</summary>
    Rollback,
}
