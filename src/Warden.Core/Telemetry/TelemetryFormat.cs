namespace Warden.Core.Telemetry;

/// <summary>How a request-telemetry file is laid out.</summary>
public enum TelemetryFormat
{
    /// <summary>One JSON object per line (JSON Lines / NDJSON).</summary>
    JsonLines,

    /// <summary>RFC 4180 CSV with a header row naming the columns.</summary>
    Csv,
}
