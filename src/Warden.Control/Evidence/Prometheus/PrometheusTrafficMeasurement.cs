using System.Collections.Immutable;
using Warden.Core.Statistics;
using Warden.Core.Traffic;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// One (service, version, arm)'s traffic over [<see cref="Start"/>, <see cref="End"/>] as the
/// gateways' own <c>/metrics</c>, scraped by Prometheus, tell it: requests, errors, latency
/// buckets and the quantiles with intervals computed from them. Unless <see cref="Status"/> is
/// <see cref="PrometheusQueryStatus.Samples"/> the numbers are absent and <see cref="Reason"/>
/// says why; the caller makes such a check INCONCLUSIVE.
/// </summary>
internal sealed record PrometheusTrafficMeasurement
{
    /// <summary>Service name (the <c>service</c> label).</summary>
    public required string Service { get; init; }

    /// <summary>Version name (the <c>version</c> label).</summary>
    public required string Version { get; init; }

    /// <summary>Arm (the <c>arm</c> label); null for the live arms together (production and canary, as the guard counts).</summary>
    public required TrafficArm? Arm { get; init; }

    /// <summary>Start of the window.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>End of the window (the instant the queries are evaluated at).</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Samples (all numbers present), no data, or errored.</summary>
    public required PrometheusQueryStatus Status { get; init; }

    /// <summary>Why there are no numbers; null when <see cref="Status"/> is samples.</summary>
    public string? Reason { get; init; }

    /// <summary>The PromQL texts asked: requests, errors, buckets.</summary>
    public required ImmutableArray<string> Queries { get; init; }

    /// <summary>The provenance of each query, same order as <see cref="Queries"/>.</summary>
    public required ImmutableArray<string> Provenance { get; init; }

    /// <summary>Warnings Prometheus attached to any of the answers.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Requests completed in the window (increase of <c>warden_gateway_request_duration_seconds_count</c>, rounded).</summary>
    public long Requests { get; init; }

    /// <summary>Failed requests in the window (increase of <c>warden_gateway_request_errors_total</c>, all classes, rounded).</summary>
    public long Errors { get; init; }

    /// <summary>Cumulative latency buckets: upper bound in milliseconds (the last +∞) → requests at or below it.</summary>
    public ImmutableArray<(double UpperBoundMs, long Count)> Buckets { get; init; } = [];

    /// <summary>Error rate with its Wilson interval.</summary>
    public Estimate? ErrorRate { get; init; }

    /// <summary>Median latency in ms with its interval, see <see cref="BucketQuantile"/>.</summary>
    public Estimate? P50 { get; init; }

    /// <summary>95th percentile latency in ms with its interval.</summary>
    public Estimate? P95 { get; init; }

    /// <summary>99th percentile latency in ms with its interval.</summary>
    public Estimate? P99 { get; init; }
}
