namespace Warden.Gateway.Telemetry;

/// <summary>Cumulative counts of one series since the recorder started, as <c>/metrics</c> exposes them.</summary>
internal sealed record SeriesTotals
{
    /// <summary>Service, version and arm.</summary>
    public required SeriesKey Key { get; init; }

    /// <summary>Requests recorded.</summary>
    public required long Requests { get; init; }

    /// <summary>Requests per HTTP status, ascending by status.</summary>
    public required IReadOnlyDictionary<int, long> ByStatus { get; init; }

    /// <summary>Failed requests per error class wire name (non-zero classes only).</summary>
    public required IReadOnlyDictionary<string, long> ErrorsByClass { get; init; }

    /// <summary>Request body bytes forwarded.</summary>
    public required long RequestBytes { get; init; }

    /// <summary>Response body bytes returned.</summary>
    public required long ResponseBytes { get; init; }

    /// <summary>Requests per <see cref="DurationBuckets"/> bucket (not cumulative), +Inf last.</summary>
    public required IReadOnlyList<long> DurationCounts { get; init; }

    /// <summary>Sum of all latencies in milliseconds.</summary>
    public required double DurationSumMs { get; init; }

    /// <summary>Answers judged for compliance.</summary>
    public long ComplianceJudged { get; init; }

    /// <summary>Judged answers found compliant.</summary>
    public long ComplianceOk { get; init; }
}
