using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Everything kept for one (service, version, arm): processor-striped open windows and totals,
/// and a ring of <c>RingMinutes × 60</c> one-second slots. Memory is fixed by the stripe count
/// and the ring length (slot histograms grow with the latency range, never with traffic).
/// </summary>
/// <remarks>
/// Lock order is always stripe, then ring. A stripe pushes its open window into the ring when a
/// request for a later second arrives, or when <see cref="Seal"/> closes every window before the
/// current second; after <see cref="Seal"/>(s) no stripe holds a window before s, and a request
/// whose clock reading is older than its stripe's window is counted in that window (and in
/// <see cref="SeriesStripe.LateRequests"/>), so sealed windows never change again.
/// </remarks>
internal sealed class TrafficSeries
{
    private readonly SeriesStripe[] _stripes;
    private readonly int _stripeMask;
    private readonly WindowTotals?[] _ring;
    private readonly Lock _ringGate = new();
    private readonly LatencyBuckets _scratch = new();

    /// <summary>Creates a series with <paramref name="stripeCount"/> stripes (a power of two) and <paramref name="ringSlots"/> one-second slots.</summary>
    public TrafficSeries(SeriesKey key, int stripeCount, int ringSlots)
    {
        Key = key;
        _stripes = new SeriesStripe[stripeCount];
        for (var i = 0; i < stripeCount; i++)
        {
            _stripes[i] = new SeriesStripe();
        }

        _stripeMask = stripeCount - 1;
        _ring = new WindowTotals?[ringSlots];
    }

    /// <summary>Service, version and arm.</summary>
    public SeriesKey Key { get; }

    /// <summary>Counts one request in window <paramref name="window"/> (a Unix second).</summary>
    public void Record(in RequestOutcome outcome, ErrorClass? error, long window)
    {
        var stripe = _stripes[Thread.GetCurrentProcessorId() & _stripeMask];
        lock (stripe.Gate)
        {
            if (window != stripe.Window)
            {
                if (window > stripe.Window)
                {
                    PushAndOpen(stripe, window);
                }
                else
                {
                    stripe.CountLate();
                }
            }

            stripe.Add(outcome, error);
        }
    }

    /// <summary>Moves every stripe's window before <paramref name="current"/> into the ring; those windows are final afterwards.</summary>
    public void Seal(long current)
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.Window < current)
                {
                    PushAndOpen(stripe, current);
                }
            }
        }
    }

    /// <summary>Adds the non-empty sealed windows in [<paramref name="from"/>, <paramref name="to"/>) to <paramref name="output"/>, oldest first.</summary>
    public void CopyWindows(long from, long to, List<TelemetryWindow> output)
    {
        lock (_ringGate)
        {
            for (var w = Math.Max(from, to - _ring.Length); w < to; w++)
            {
                if (_ring[Slot(w)] is { } slot && slot.Window == w && slot.Requests > 0)
                {
                    output.Add(new TelemetryWindow
                    {
                        Service = Key.Service,
                        Version = Key.Version,
                        Arm = Key.Arm,
                        Start = DateTimeOffset.FromUnixTimeSeconds(w),
                        Requests = slot.Requests,
                        Errors = slot.Errors,
                        ErrorsByClass = ErrorClasses.ToDictionary(slot.ErrorsByClass),
                        RequestBytes = slot.RequestBytes,
                        ResponseBytes = slot.ResponseBytes,
                        ComplianceJudged = slot.ComplianceJudged,
                        ComplianceOk = slot.ComplianceOk,
                        Latency = slot.Latency,
                    });
                }
            }
        }
    }

    /// <summary>Adds the sealed windows in [<paramref name="from"/>, <paramref name="to"/>) into the running sums of a query.</summary>
    public void Accumulate(long from, long to, QueryTotals totals)
    {
        lock (_ringGate)
        {
            for (var w = Math.Max(from, to - _ring.Length); w < to; w++)
            {
                if (_ring[Slot(w)] is { } slot && slot.Window == w && slot.Requests > 0)
                {
                    totals.Add(slot);
                }
            }
        }
    }

    /// <summary>
    /// Adds what the stripes hold so far for the open window <paramref name="window"/> into a
    /// query, without closing it: a request still to come in that second lands in the same window.
    /// </summary>
    public void AccumulateOpen(long window, QueryTotals totals)
    {
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.Window == window && stripe.Requests > 0)
                {
                    totals.Add(stripe);
                }
            }
        }
    }

    /// <summary>Cumulative totals over all stripes.</summary>
    public SeriesTotals Totals()
    {
        long requests = 0, requestBytes = 0, responseBytes = 0, judged = 0, ok = 0;
        double durationSum = 0;
        var byStatus = new SortedDictionary<int, long>();
        Span<long> errors = stackalloc long[ErrorClasses.Count];
        var duration = new long[DurationBuckets.Count];
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                stripe.AddTotalsTo(ref requests, byStatus, errors, ref requestBytes, ref responseBytes, duration, ref durationSum, ref judged, ref ok);
            }
        }

        return new SeriesTotals
        {
            Key = Key,
            Requests = requests,
            ByStatus = byStatus,
            ErrorsByClass = ErrorClasses.ToDictionary(errors),
            RequestBytes = requestBytes,
            ResponseBytes = responseBytes,
            DurationCounts = duration,
            DurationSumMs = durationSum,
            ComplianceJudged = judged,
            ComplianceOk = ok,
        };
    }

    /// <summary>Requests counted in a later window than their clock reading, over all stripes.</summary>
    public long LateRequests()
    {
        long late = 0;
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                late += stripe.LateRequests;
            }
        }

        return late;
    }

    // Called under the stripe's lock.
    private void PushAndOpen(SeriesStripe stripe, long window)
    {
        if (stripe.Requests > 0)
        {
            lock (_ringGate)
            {
                var index = Slot(stripe.Window);
                var slot = _ring[index] ??= new WindowTotals();
                if (slot.Window != stripe.Window || slot.Requests == 0)
                {
                    slot.Reset(stripe.Window);
                }

                slot.Add(stripe, _scratch);
            }
        }

        stripe.Open(window);
    }

    private int Slot(long window)
    {
        var slot = window % _ring.Length;
        return (int)(slot < 0 ? slot + _ring.Length : slot);
    }
}
