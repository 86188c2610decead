namespace Warden.Gateway.Telemetry;

/// <summary>
/// The fixed <c>le</c> boundaries of <c>warden_gateway_request_duration_seconds</c>: Prometheus'
/// default latency buckets, 1 ms to 10 s, plus +Inf. Counted at insert time (a value v lands in
/// the first bucket with v ≤ le), so the exposed cumulative counts are exact.
/// </summary>
internal static class DurationBuckets
{
    /// <summary>Upper bounds in milliseconds (compared in ms so 2.5 ms is exactly ≤ 0.0025 s).</summary>
    public static ReadOnlySpan<double> UpperBoundsMs => [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    /// <summary>The same bounds as Prometheus <c>le</c> label values in seconds, then <c>+Inf</c>.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];

    /// <summary>Number of buckets including +Inf.</summary>
    public const int Count = 14;

    /// <summary>Index of the (non-cumulative) bucket that counts <paramref name="latencyMs"/>.</summary>
    public static int IndexOf(double latencyMs)
    {
        var bounds = UpperBoundsMs;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (latencyMs <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }
}
