namespace Warden.Gateway.Telemetry;

/// <summary>Bucketed reading side of <see cref="TrafficRecorder"/>: a service's recent traffic as time series (the dashboard's charts).</summary>
internal sealed partial class TrafficRecorder
{
    /// <summary>Longest bucket <see cref="Buckets"/> takes, in seconds.</summary>
    public const int MaxStepSeconds = 300;

    /// <summary>
    /// The last <paramref name="seconds"/> of <paramref name="service"/>'s traffic in buckets of
    /// <paramref name="step"/> seconds, one series per (version, arm) the recorder holds for it.
    /// Buckets start at multiples of <paramref name="step"/> seconds since the Unix epoch, so a
    /// bucket keeps its start from one call to the next: the first starts at the first such
    /// multiple at or after now − <paramref name="seconds"/> (and no earlier than the ring
    /// reaches), the last holds the current, open second as far as it has gone — its
    /// <see cref="TelemetrySnapshot.To"/> is now, and it is there even when
    /// <paramref name="seconds"/> is shorter than a step. A request counts in the bucket of the
    /// second its clock reading falls in, as in <see cref="Query"/>. Each bucket is a
    /// <see cref="TelemetrySnapshot"/>, so it carries the same counts and estimates as a query.
    /// </summary>
    /// <param name="service">Service name.</param>
    /// <param name="seconds">How far back, at least 1.</param>
    /// <param name="step">Bucket length in seconds, 1 to <see cref="MaxStepSeconds"/>.</param>
    public TrafficBuckets Buckets(string service, int seconds, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, MaxStepSeconds);
        var now = _time.GetUtcNow();
        var current = now.ToUnixTimeSeconds();
        var from = Math.Max(current + 1 - seconds, current - RingSlots);
        var last = FloorTo(current, step);
        var first = Math.Min(last, FloorTo(from + step - 1, step));
        var keys = Series().Where(k => k.Service == service).ToList();
        var series = new List<(SeriesKey, IReadOnlyList<TelemetrySnapshot>)>(keys.Count);
        foreach (var key in keys)
        {
            var held = _series[key];
            held.Seal(current);
            var buckets = new List<TelemetrySnapshot>((int)((last - first) / step) + 1);
            for (var start = first; start <= last; start += step)
            {
                var totals = new QueryTotals();
                var open = start == last;
                held.Accumulate(start, open ? current : start + step, totals);
                if (open)
                {
                    held.AccumulateOpen(current, totals);
                }

                buckets.Add(Snapshot(key.Service, key.Version, key.Arm, DateTimeOffset.FromUnixTimeSeconds(start), open ? now : DateTimeOffset.FromUnixTimeSeconds(start + step), totals));
            }

            series.Add((key, buckets));
        }

        return new TrafficBuckets
        {
            Service = service,
            From = DateTimeOffset.FromUnixTimeSeconds(first),
            To = now,
            StepSeconds = step,
            Series = series,
        };
    }

    // The largest multiple of step at or below t (t may be negative only in theory: Unix seconds of now).
    private static long FloorTo(long t, int step) => t - (((t % step) + step) % step);
}
