namespace Warden.Core.Recovery;

/// <summary>A rollback path: one row of the guardrail table, grouping the guard's triggers that watch the same kind of fault.</summary>
public enum RecoveryPath
{
    /// <summary><c>compliance_drop</c>.</summary>
    ComplianceDrop,

    /// <summary><c>latency_p95</c> and <c>latency_drift</c>; a drill with no trigger and fault <c>latency</c> or <c>hang</c>.</summary>
    Latency,

    /// <summary><c>error_rate</c> and <c>error_rate_vs_production</c>; a drill with no trigger and fault <c>errors</c>.</summary>
    ErrorRate,

    /// <summary><c>backend_down</c>; a drill with no trigger and fault <c>crash</c>.</summary>
    BackendDown,
}
