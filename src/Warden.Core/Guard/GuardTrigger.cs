namespace Warden.Core.Guard;

/// <summary>What trips the live guard, in the order a finding is named (backend health first, then the hierarchy: compliance, latency, errors).</summary>
public enum GuardTrigger
{
    /// <summary>The guarded version's backend is marked down by the gateway's health checks.</summary>
    BackendDown,

    /// <summary>Live Compliance@1 is down against production by at least the policy's points.</summary>
    ComplianceDrop,

    /// <summary>P95 latency above target + margin: more than 5 % of requests slower than that.</summary>
    LatencyTarget,

    /// <summary>P95 latency above production's P95 + the drift limit: more than 5 % of requests slower than that.</summary>
    LatencyDrift,

    /// <summary>The error rate above the policy's limit.</summary>
    ErrorRate,

    /// <summary>The error rate significantly above production's.</summary>
    ErrorRateVersusProduction,
}
