namespace Warden.Core.Recovery;

/// <summary>The status of a rollback path in the guardrail table, worst first.</summary>
public enum GuardrailStatus
{
    /// <summary>The latest run of the path in the window failed.</summary>
    Failed,

    /// <summary>No successful run of the path within the drill max age.</summary>
    Untested,

    /// <summary>Tested within the age, but some run of the path in the window failed (failure rate above 0 %).</summary>
    AtRisk,

    /// <summary>Tested within the age and every run of the path in the window succeeded.</summary>
    Pass,
}
