namespace Warden.Core.Telemetry;

/// <summary>
/// One served request, as telemetry files record it (see docs/formats.md).
/// </summary>
/// <param name="Timestamp">When the request was served (RFC 3339 in the file).</param>
/// <param name="Version">Model version that served it.</param>
/// <param name="LatencyMs">Latency in milliseconds, finite and ≥ 0.</param>
/// <param name="Status">HTTP status code, 100–599.</param>
/// <param name="Ok">Optional application-level success flag.</param>
/// <param name="Key">Optional request key (for sticky routing and pairing).</param>
/// <param name="Error">Optional error class or message.</param>
public readonly record struct RequestRecord(
    DateTimeOffset Timestamp,
    string Version,
    double LatencyMs,
    int Status,
    bool? Ok,
    string? Key,
    string? Error);
