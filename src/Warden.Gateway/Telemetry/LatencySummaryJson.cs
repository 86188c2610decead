namespace Warden.Gateway.Telemetry;

/// <summary>Latency percentiles (numpy's linear definition over the 0.5 %-accurate histogram), exact min, max and mean, in ms; all null without requests.</summary>
internal sealed record LatencySummaryJson(double? P50, double? P95, double? P99, double? Min, double? Max, double? Mean)
{
    /// <summary>The summary of a snapshot's histogram.</summary>
    public static LatencySummaryJson Of(TelemetrySnapshot s)
    {
        var h = s.Latency;
        return h.Count == 0
            ? new(null, null, null, null, null, null)
            : new(s.LatencyQuantileMs(0.50), s.LatencyQuantileMs(0.95), s.LatencyQuantileMs(0.99), h.MinMs, h.MaxMs, h.MeanMs);
    }
}
