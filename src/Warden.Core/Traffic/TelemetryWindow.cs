namespace Warden.Core.Traffic;

/// <summary>
/// The aggregated traffic of one series in one completed 1-second window, as the flusher hands
/// it to every sink (the store, a JSONL file). Windows without requests are not emitted.
/// </summary>
internal sealed record TelemetryWindow
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Model version.</summary>
    public required string Version { get; init; }

    /// <summary>Production, canary or shadow.</summary>
    public required TrafficArm Arm { get; init; }

    /// <summary>Start of the window (whole second, UTC); the window is [Start, Start + 1 s).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Requests completed in the window.</summary>
    public required long Requests { get; init; }

    /// <summary>Requests that failed (any error class).</summary>
    public required long Errors { get; init; }

    /// <summary>Failures per error class wire name (<c>5xx</c>, <c>timeout</c>, ...); non-zero classes only.</summary>
    public required IReadOnlyDictionary<string, long> ErrorsByClass { get; init; }

    /// <summary>Request body bytes forwarded.</summary>
    public required long RequestBytes { get; init; }

    /// <summary>Response body bytes returned.</summary>
    public required long ResponseBytes { get; init; }

    /// <summary>
    /// Answers whose top-ranked item was judged against the service's compliance labels
    /// (<c>gateway.services.NAME.compliance_labels</c>); 0 when the service has none.
    /// </summary>
    public long ComplianceJudged { get; init; }

    /// <summary>Judged answers whose top-ranked item is labelled compliant; never more than <see cref="ComplianceJudged"/>.</summary>
    public long ComplianceOk { get; init; }

    /// <summary>Latency histogram (ms); <see cref="WindowHistogram.ToBytes"/> is its compact stored form.</summary>
    public required WindowHistogram Latency { get; init; }
}
