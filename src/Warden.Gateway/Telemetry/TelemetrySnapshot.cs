using Warden.Core.Statistics;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Traffic of one service version merged over a range of completed 1-second windows, as
/// <see cref="TrafficRecorder.Query"/> returns it (the rollout controller reads P95 and the error
/// rate of the last N seconds from here).
/// </summary>
internal sealed record TelemetrySnapshot
{
    private LogHistogram? _histogram;

    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Model version.</summary>
    public required string Version { get; init; }

    /// <summary>The arm queried, or null when all arms of the version were merged.</summary>
    public required TrafficArm? Arm { get; init; }

    /// <summary>Start of the first window covered (inclusive).</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>End of the last window covered (exclusive): for <see cref="TrafficRecorder.Query"/> never later than the start of the current, incomplete second; for the last bucket of <see cref="TrafficRecorder.Buckets"/>, which holds the open second so far, the moment of the query.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Requests.</summary>
    public required long Requests { get; init; }

    /// <summary>Failed requests.</summary>
    public required long Errors { get; init; }

    /// <summary>Failures per error class wire name; non-zero classes only.</summary>
    public required IReadOnlyDictionary<string, long> ErrorsByClass { get; init; }

    /// <summary>Request body bytes.</summary>
    public required long RequestBytes { get; init; }

    /// <summary>Response body bytes.</summary>
    public required long ResponseBytes { get; init; }

    /// <summary>Answers judged for compliance.</summary>
    public long ComplianceJudged { get; init; }

    /// <summary>Judged answers found compliant.</summary>
    public long ComplianceOk { get; init; }

    /// <summary>Merged latency histogram (ms) of the windows.</summary>
    public required WindowHistogram Latency { get; init; }

    /// <summary>Length of the covered range in seconds.</summary>
    public double Seconds => Math.Max(0, (To - From).TotalSeconds);

    /// <summary>Requests per second over the covered range, or null when it is empty.</summary>
    public double? ThroughputPerSecond => Seconds > 0 ? Requests / Seconds : null;

    /// <summary>Errors / requests, or null without requests.</summary>
    public double? ErrorRate => Requests > 0 ? (double)Errors / Requests : null;

    /// <summary>Compliant / judged answers, or null when none was judged.</summary>
    public double? ComplianceRate => ComplianceJudged > 0 ? (double)ComplianceOk / ComplianceJudged : null;

    /// <summary>The latencies as the core's mergeable histogram (exact count, min, max; quantiles within 0.5 %).</summary>
    public LogHistogram LatencyHistogram => _histogram ??= Latency.ToLogHistogram();

    /// <summary>The <paramref name="p"/>-quantile of latency in ms (numpy's linear definition over the histogram), or null without requests.</summary>
    public double? LatencyQuantileMs(double p) => Latency.Count > 0 ? Quantile.Of(LatencyHistogram, p) : null;

    /// <summary>The <paramref name="p"/>-quantile of latency in ms with its distribution-free order-statistic interval (the point is <see cref="LatencyQuantileMs"/>), or null without requests.</summary>
    public Estimate? LatencyQuantileEstimate(double p, double confidence = 0.95) =>
        Latency.Count > 0 ? QuantileInterval.OrderStatistic(LatencyHistogram, p, confidence) : null;

    /// <summary>The error rate with its Wilson interval, or null without requests.</summary>
    public Estimate? ErrorRateEstimate(double confidence = 0.95) => Requests > 0 ? Proportion.Wilson(Errors, Requests, confidence) : null;

    /// <summary>The compliance rate with its Wilson interval, or null when none was judged.</summary>
    public Estimate? ComplianceEstimate(double confidence = 0.95) => ComplianceJudged > 0 ? Proportion.Wilson(ComplianceOk, ComplianceJudged, confidence) : null;
}
