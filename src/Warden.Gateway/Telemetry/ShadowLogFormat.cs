using System.Text.Json;

namespace Warden.Gateway.Telemetry;

/// <summary>One shadow comparison as a JSON Lines record (see docs/telemetry.md "Shadow log").</summary>
internal static class ShadowLogFormat
{
    /// <summary>Writes <paramref name="comparison"/> as one JSON object; non-finite scores become null.</summary>
    public static void Write(Utf8JsonWriter json, ShadowComparison comparison)
    {
        json.WriteStartObject();
        RequestLogFormat.WriteTimestamp(json, "ts", comparison.Start);
        json.WriteString("service", comparison.Service);
        json.WriteString("production_version", comparison.ProductionVersion);
        json.WriteString("shadow_version", comparison.ShadowVersion);
        json.WriteNumber("production_status", comparison.ProductionStatus);
        json.WriteNumber("shadow_status", comparison.ShadowStatus);
        json.WriteBoolean("status_match", comparison.StatusMatch);
        WriteNumber(json, "production_latency_ms", comparison.ProductionLatencyMs);
        WriteNumber(json, "shadow_latency_ms", comparison.ShadowLatencyMs);
        if (comparison.Key is not null)
        {
            json.WriteString("key", comparison.Key);
        }

        WriteScores(json, "production_scores", comparison.ProductionScores);
        WriteScores(json, "shadow_scores", comparison.ShadowScores);
        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteScores(Utf8JsonWriter json, string name, double[]? scores)
    {
        if (scores is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        foreach (var score in scores)
        {
            if (double.IsFinite(score))
            {
                json.WriteNumberValue(score);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
