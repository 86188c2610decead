using System.Globalization;
using System.Text.Json;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// A <see cref="TelemetryWindow"/> as one JSON object (a line of <c>telemetry_windows.jsonl</c>,
/// see docs/telemetry.md): counts, bytes, exact min/max/sum, P50/P95/P99 for a human reader, and
/// the whole histogram as the Base64 of <see cref="WindowHistogram.ToBytes"/> so windows can be
/// merged again later.
/// </summary>
internal static class TelemetryWindowJson
{
    /// <summary>Writes <paramref name="window"/>.</summary>
    public static void Write(Utf8JsonWriter json, TelemetryWindow window)
    {
        json.WriteStartObject();
        json.WriteString("start", window.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("service", window.Service);
        json.WriteString("version", window.Version);
        json.WriteString("arm", TrafficArms.Name(window.Arm));
        json.WriteNumber("requests", window.Requests);
        json.WriteNumber("errors", window.Errors);
        json.WriteStartObject("errors_by_class");
        foreach (var (name, count) in window.ErrorsByClass)
        {
            json.WriteNumber(name, count);
        }

        json.WriteEndObject();
        json.WriteNumber("request_bytes", window.RequestBytes);
        json.WriteNumber("response_bytes", window.ResponseBytes);
        json.WriteNumber("compliance_judged", window.ComplianceJudged);
        json.WriteNumber("compliance_ok", window.ComplianceOk);
        var latency = window.Latency;
        json.WriteStartObject("latency_ms");
        if (latency.Count > 0)
        {
            var histogram = latency.ToLogHistogram();
            json.WriteNumber("min", latency.MinMs);
            json.WriteNumber("max", latency.MaxMs);
            json.WriteNumber("sum", latency.SumMs);
            json.WriteNumber("p50", Core.Statistics.Quantile.Of(histogram, 0.50));
            json.WriteNumber("p95", Core.Statistics.Quantile.Of(histogram, 0.95));
            json.WriteNumber("p99", Core.Statistics.Quantile.Of(histogram, 0.99));
        }

        json.WriteEndObject();
        json.WriteBase64String("latency_histogram", latency.ToBytes());
        json.WriteEndObject();
    }

    /// <summary>Reads a line written by <see cref="Write"/>.</summary>
    /// <exception cref="FormatException">A field is missing or malformed; the message names it.</exception>
    public static TelemetryWindow Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var arm = Text(root, "arm");
            if (!TrafficArms.TryParse(arm, out var parsedArm))
            {
                throw new FormatException($"arm is '{arm}'; expected production, canary or shadow");
            }

            var errors = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var property in Field(root, "errors_by_class").EnumerateObject())
            {
                errors[property.Name] = property.Value.GetInt64();
            }

            return new TelemetryWindow
            {
                Start = DateTimeOffset.Parse(Text(root, "start"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                Service = Text(root, "service"),
                Version = Text(root, "version"),
                Arm = parsedArm,
                Requests = Field(root, "requests").GetInt64(),
                Errors = Field(root, "errors").GetInt64(),
                ErrorsByClass = errors,
                RequestBytes = Field(root, "request_bytes").GetInt64(),
                ResponseBytes = Field(root, "response_bytes").GetInt64(),

                // Lines written before live compliance have neither field: nothing was judged.
                ComplianceJudged = root.TryGetProperty("compliance_judged", out var judged) ? judged.GetInt64() : 0,
                ComplianceOk = root.TryGetProperty("compliance_ok", out var ok) ? ok.GetInt64() : 0,
                Latency = WindowHistogram.FromBytes(Field(root, "latency_histogram").GetBytesFromBase64()),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"telemetry window: {ex.Message}", ex);
        }
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new FormatException($"telemetry window: field {name} is missing");

    private static string Text(JsonElement root, string name) =>
        Field(root, name).GetString() ?? throw new FormatException($"telemetry window: field {name} is null");
}
