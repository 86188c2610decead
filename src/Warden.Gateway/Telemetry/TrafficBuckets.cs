namespace Warden.Gateway.Telemetry;

/// <summary>
/// One service's traffic in buckets of <see cref="StepSeconds"/> (<see cref="TrafficRecorder.Buckets"/>):
/// a bucketed series per (version, arm) the recorder holds for the service, all over the same buckets.
/// </summary>
internal sealed record TrafficBuckets
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Start of the first bucket.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The moment of the query: the end of the last bucket, which holds the open second so far.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Bucket length in seconds.</summary>
    public required int StepSeconds { get; init; }

    /// <summary>Per (version, arm), ordered by version (ordinal) and arm: one snapshot per bucket, oldest first.</summary>
    public required IReadOnlyList<(SeriesKey Key, IReadOnlyList<TelemetrySnapshot> Buckets)> Series { get; init; }
}
