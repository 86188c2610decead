namespace Warden.Gateway.Telemetry;

/// <summary>
/// The <c>gateway.telemetry</c> section of <c>warden.yaml</c>: how long windows stay in memory and
/// where sampled per-request records and shadow comparisons are written.
/// </summary>
internal sealed record TelemetryOptions
{
    /// <summary>How long 1-second windows are kept in memory (<c>ring_minutes</c>, default 30).</summary>
    public int RingMinutes { get; init; } = 30;

    /// <summary>
    /// Per-request records in Warden's JSONL telemetry format (<c>request_log</c>), readable by
    /// <c>warden stats</c> and <c>warden verdict</c>; null writes none.
    /// </summary>
    public string? RequestLogPath { get; init; }

    /// <summary>Fraction of requests written to the request log, 0–1 (<c>sample_rate</c>, default 1).</summary>
    public double SampleRate { get; init; } = 1.0;

    /// <summary>Shadow comparisons as JSONL (<c>shadow_log</c>); null writes none.</summary>
    public string? ShadowLogPath { get; init; }

    /// <summary>
    /// Names of fields whose values are personal data (<c>redact</c>, e.g. <c>[key, user_id, email]</c>),
    /// matched without regard to case; their values are written as <c>[redacted]</c>. <c>key</c>
    /// or the sticky header's name masks the request and shadow logs' <c>key</c>. Empty by default.
    /// </summary>
    public IReadOnlyList<string> Redact { get; init; } = [];
}
