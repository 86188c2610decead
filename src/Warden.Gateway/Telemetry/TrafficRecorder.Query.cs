using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>Reading side of <see cref="TrafficRecorder"/>: queries, totals and the flush feed.</summary>
internal sealed partial class TrafficRecorder
{
    private static readonly TrafficArm[] AllArms = [TrafficArm.Production, TrafficArm.Canary, TrafficArm.Shadow];

    /// <summary>
    /// Merges the completed 1-second windows of one service version that lie wholly inside
    /// [<paramref name="from"/>, <paramref name="to"/>): windows starting at or after
    /// <paramref name="from"/> and ending at or before <paramref name="to"/>, never the current
    /// (incomplete) second, and none older than the ring. Unknown series give zero counts.
    /// </summary>
    /// <param name="service">Service name.</param>
    /// <param name="version">Model version.</param>
    /// <param name="from">Range start.</param>
    /// <param name="to">Range end.</param>
    /// <param name="arm">One arm, or null to merge production, canary and shadow traffic of the version.</param>
    public TelemetrySnapshot Query(string service, string version, DateTimeOffset from, DateTimeOffset to, TrafficArm? arm = null)
    {
        var current = _time.GetUtcNow().ToUnixTimeSeconds();
        var first = CeilingSeconds(from);
        first = Math.Max(first, current - RingSlots);
        var end = Math.Min(to.ToUnixTimeSeconds(), current);
        end = Math.Max(end, first);
        var totals = new QueryTotals();
        TrafficArm[] arms = arm is { } one ? [one] : AllArms;
        foreach (var candidate in arms)
        {
            if (_series.TryGetValue(new SeriesKey(service, version, candidate), out var series))
            {
                series.Seal(current);
                series.Accumulate(first, end, totals);
            }
        }

        return Snapshot(service, version, arm, DateTimeOffset.FromUnixTimeSeconds(first), DateTimeOffset.FromUnixTimeSeconds(end), totals);
    }

    /// <summary>The last <paramref name="seconds"/> completed seconds, ending at the start of the current second.</summary>
    public TelemetrySnapshot QueryLast(string service, string version, int seconds, TrafficArm? arm = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        var end = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        return Query(service, version, end.AddSeconds(-seconds), end, arm);
    }

    /// <summary>Every series seen, ordered by service, version (ordinal) and arm.</summary>
    public IReadOnlyList<SeriesKey> Series() =>
        [.. _series.Keys
            .OrderBy(k => k.Service, StringComparer.Ordinal)
            .ThenBy(k => k.Version, StringComparer.Ordinal)
            .ThenBy(k => k.Arm)];

    /// <summary>Cumulative totals of every series, in <see cref="Series"/> order.</summary>
    public IReadOnlyList<SeriesTotals> Totals() =>
        [.. Series().Select(key => _series[key].Totals())];

    /// <summary>Requests counted in a later window than their clock reading (a window already closed by another request or by a flush).</summary>
    public long LateRequests() => _series.Values.Sum(s => s.LateRequests());

    /// <summary>
    /// Every non-empty window completed since the previous call, oldest first (then by service,
    /// version, arm); each window is returned once. With <paramref name="includeCurrent"/> the
    /// current second is closed and returned too (used for the last flush when the host stops).
    /// </summary>
    public IReadOnlyList<TelemetryWindow> CollectCompleted(bool includeCurrent = false)
    {
        lock (_collectGate)
        {
            var end = _time.GetUtcNow().ToUnixTimeSeconds() + (includeCurrent ? 1 : 0);
            var windows = new List<TelemetryWindow>();
            if (end <= _flushCursor)
            {
                return windows;
            }

            var first = Math.Max(_flushCursor, end - RingSlots);
            foreach (var series in _series.Values)
            {
                series.Seal(end);
                series.CopyWindows(first, end, windows);
            }

            _flushCursor = end;
            windows.Sort(static (a, b) =>
            {
                var c = a.Start.CompareTo(b.Start);
                c = c != 0 ? c : string.CompareOrdinal(a.Service, b.Service);
                c = c != 0 ? c : string.CompareOrdinal(a.Version, b.Version);
                return c != 0 ? c : a.Arm.CompareTo(b.Arm);
            });
            return windows;
        }
    }

    // One query's running sums as a snapshot (a range of Query, or a bucket of Buckets).
    private static TelemetrySnapshot Snapshot(string service, string version, TrafficArm? arm, DateTimeOffset from, DateTimeOffset to, QueryTotals totals) => new()
    {
        Service = service,
        Version = version,
        Arm = arm,
        From = from,
        To = to,
        Requests = totals.Requests,
        Errors = totals.Errors,
        ErrorsByClass = ErrorClasses.ToDictionary(totals.ErrorsByClass),
        RequestBytes = totals.RequestBytes,
        ResponseBytes = totals.ResponseBytes,
        ComplianceJudged = totals.ComplianceJudged,
        ComplianceOk = totals.ComplianceOk,
        Latency = totals.Latency.ToHistogram(),
    };

    private static long CeilingSeconds(DateTimeOffset at)
    {
        var floor = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(floor) < at ? floor + 1 : floor;
    }
}
