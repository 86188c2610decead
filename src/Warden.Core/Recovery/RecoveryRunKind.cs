namespace Warden.Core.Recovery;

/// <summary>What a recovery run was: a real rollback, a fault drill, or a drill with no fault.</summary>
public enum RecoveryRunKind
{
    /// <summary>A real rollback by the live guard (an incident).</summary>
    Incident,

    /// <summary>A fault drill: a fault injected into a canary, the guard expected to roll it back.</summary>
    Drill,

    /// <summary>An A/A drill: no fault, the guard expected not to roll back.</summary>
    AaDrill,
}
