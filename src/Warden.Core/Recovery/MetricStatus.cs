namespace Warden.Core.Recovery;

/// <summary>The status of a row of the metrics table.</summary>
public enum MetricStatus
{
    /// <summary>No run measured the metric.</summary>
    NoData,

    /// <summary>The observed value is within its target.</summary>
    Met,

    /// <summary>The observed value misses its target (RTO, RPO).</summary>
    Missed,

    /// <summary>The failure rate is above 0 % (recovery success rate).</summary>
    AtRisk,
}
