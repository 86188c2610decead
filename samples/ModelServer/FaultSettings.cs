using System.Text.Json.Serialization;

namespace Warden.Samples.ModelServer;

/// <summary>The injected faults in force; GET /admin/faults returns this, PUT /admin/faults updates it field by field.</summary>
internal sealed record FaultSettings
{
    [JsonPropertyName("latency_ms")] public int LatencyMs { get; init; }
    [JsonPropertyName("latency_jitter_ms")] public int LatencyJitterMs { get; init; }
    [JsonPropertyName("error_rate")] public double ErrorRate { get; init; }
    [JsonPropertyName("hang")] public bool Hang { get; init; }
    [JsonPropertyName("ready")] public bool Ready { get; init; } = true;
    [JsonPropertyName("crash_after")] public int CrashAfter { get; init; }
    [JsonPropertyName("invert_scores")] public bool InvertScores { get; init; }
    [JsonPropertyName("seed")] public int Seed { get; init; } = 42;
}
