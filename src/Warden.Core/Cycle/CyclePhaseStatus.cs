namespace Warden.Core.Cycle;

/// <summary>How a phase went. A FAIL a reviewer finds is a result, not a failed phase: a phase fails when it could not do its work.</summary>
public enum CyclePhaseStatus
{
    /// <summary>Every step of the phase ran.</summary>
    Ok,

    /// <summary>Some steps ran, some could not (a backend down, a file missing); the reasons are recorded.</summary>
    Partial,

    /// <summary>The phase could not do its work at all (a store error, say); the cycle went on where it safely could.</summary>
    Failed,

    /// <summary>The phase had nothing to do, or was not allowed to act.</summary>
    Skipped,
}
