namespace Warden.Core.Telemetry;

/// <summary>How <see cref="TelemetryAggregator"/> splits requests into groups.</summary>
public enum TelemetryGrouping
{
    /// <summary>One group per model version (the default).</summary>
    Version,

    /// <summary>All requests in one group named <c>all</c>.</summary>
    None,
}
