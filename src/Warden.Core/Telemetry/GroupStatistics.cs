using System.Collections.Immutable;
using Warden.Core.Evidence;
using Warden.Core.Statistics;

namespace Warden.Core.Telemetry;

/// <summary>The request statistics of one group (a model version, or all requests).</summary>
public sealed record GroupStatistics
{
    /// <summary>Group name: the version, or <c>all</c>.</summary>
    public required string Group { get; init; }

    /// <summary>Requests in the group.</summary>
    public required long Requests { get; init; }

    /// <summary>Requests the <see cref="ErrorClassifier"/> counted as errors.</summary>
    public required long Errors { get; init; }

    /// <summary>Requests with a 4xx status.</summary>
    public required long Status4xx { get; init; }

    /// <summary>Requests with a 5xx status.</summary>
    public required long Status5xx { get; init; }

    /// <summary>Requests whose <c>ok</c> field was false.</summary>
    public required long OkFalse { get; init; }

    /// <summary>Error rate with a Wilson score interval.</summary>
    public required Estimate ErrorRate { get; init; }

    /// <summary>
    /// Requests per second over the span from the first to the last timestamp, with an exact
    /// Poisson interval; null when all requests share one timestamp (no span to divide by).
    /// </summary>
    public Estimate? Throughput { get; init; }

    /// <summary>Median latency (ms) with its order-statistic interval.</summary>
    public required Estimate P50 { get; init; }

    /// <summary>95th percentile latency (ms) with its order-statistic interval.</summary>
    public required Estimate P95 { get; init; }

    /// <summary>99th percentile latency (ms) with its order-statistic interval.</summary>
    public required Estimate P99 { get; init; }

    /// <summary>Mean latency (ms).</summary>
    public required double MeanLatencyMs { get; init; }

    /// <summary>Earliest timestamp in the group.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Latest timestamp in the group.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>How latencies were held: <c>exact</c> or the log-histogram (see docs/statistics.md).</summary>
    public required string LatencyRepresentation { get; init; }

    /// <summary>Evidence the numbers were computed from.</summary>
    public ImmutableArray<EvidenceId> Evidence { get; init; } = [];
}
