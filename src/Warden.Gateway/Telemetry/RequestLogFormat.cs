using System.Globalization;
using System.Text.Json;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// One request as a line of Warden's JSONL request telemetry (docs/formats.md "Request
/// telemetry"), readable by <c>warden stats</c> and <c>warden verdict</c>. Besides the format's
/// fields it writes <c>service</c> and <c>arm</c>, which the reader ignores as unknown fields.
/// </summary>
internal static class RequestLogFormat
{
    /// <summary>Writes <paramref name="outcome"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter json, RequestOutcome outcome)
    {
        json.WriteStartObject();
        WriteTimestamp(json, "ts", outcome.Start);
        json.WriteString("version", outcome.Version);
        json.WriteNumber("latency_ms", outcome.LatencyMs);
        json.WriteNumber("status", outcome.Status);
        json.WriteBoolean("ok", ErrorClasses.Classify(outcome.Error, outcome.Status) is null);
        if (outcome.Key is not null)
        {
            json.WriteString("key", outcome.Key);
        }

        if (outcome.Error is not null)
        {
            json.WriteString("error", outcome.Error);
        }

        json.WriteString("service", outcome.Service);
        json.WriteString("arm", TrafficArms.Name(outcome.Arm));
        json.WriteEndObject();
    }

    /// <summary>RFC 3339 in UTC with 7 fractional digits and <c>Z</c>, e.g. <c>2026-11-22T10:00:00.1234567Z</c>.</summary>
    public static void WriteTimestamp(Utf8JsonWriter json, string name, DateTimeOffset at)
    {
        Span<char> text = stackalloc char[28];
        at.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }
}
