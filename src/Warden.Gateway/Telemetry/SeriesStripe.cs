using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// One lock's worth of a series: the counts of its open 1-second window and its cumulative
/// totals. A series has one stripe per processor (chosen by the current processor id), so
/// concurrent requests on different cores take different locks and touch different memory.
/// Every member is called under <see cref="Gate"/>.
/// </summary>
internal sealed class SeriesStripe
{
    private readonly long[] _windowErrors = new long[ErrorClasses.Count];
    private readonly long[] _totalErrors = new long[ErrorClasses.Count];
    private readonly long[] _duration = new long[DurationBuckets.Count];
    private readonly StatusCounts _codes = new();
    private long _totalRequests;
    private long _totalRequestBytes;
    private long _totalResponseBytes;
    private double _durationSumMs;
    private long _totalComplianceJudged;
    private long _totalComplianceOk;

    /// <summary>Guards everything in this stripe.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Window (Unix second) the open counts belong to; long.MinValue before the first request.</summary>
    public long Window { get; private set; } = long.MinValue;

    /// <summary>Requests in the open window.</summary>
    public long Requests { get; private set; }

    /// <summary>Failed requests in the open window.</summary>
    public long Errors { get; private set; }

    /// <summary>Request bytes in the open window.</summary>
    public long RequestBytes { get; private set; }

    /// <summary>Response bytes in the open window.</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>Answers judged for compliance in the open window.</summary>
    public long ComplianceJudged { get; private set; }

    /// <summary>Judged answers found compliant in the open window.</summary>
    public long ComplianceOk { get; private set; }

    /// <summary>Latencies of the open window.</summary>
    public LatencyBuckets Latency { get; } = new();

    /// <summary>Open-window failures per <see cref="ErrorClass"/>.</summary>
    public ReadOnlySpan<long> WindowErrors => _windowErrors;

    /// <summary>Requests whose clock reading fell in a window this stripe had already closed; counted in the open one.</summary>
    public long LateRequests { get; private set; }

    /// <summary>Counts one request in the open window and in the totals.</summary>
    public void Add(in RequestOutcome outcome, ErrorClass? error)
    {
        Requests++;
        RequestBytes += outcome.RequestBytes;
        ResponseBytes += outcome.ResponseBytes;
        Latency.Add(outcome.LatencyMs);
        _totalRequests++;
        _totalRequestBytes += outcome.RequestBytes;
        _totalResponseBytes += outcome.ResponseBytes;
        _duration[DurationBuckets.IndexOf(outcome.LatencyMs)]++;
        _durationSumMs += outcome.LatencyMs;
        _codes.Add(outcome.Status);
        if (outcome.Compliant is { } compliant)
        {
            ComplianceJudged++;
            _totalComplianceJudged++;
            if (compliant)
            {
                ComplianceOk++;
                _totalComplianceOk++;
            }
        }

        if (error is { } kind)
        {
            Errors++;
            _windowErrors[(int)kind]++;
            _totalErrors[(int)kind]++;
        }
    }

    /// <summary>Notes a request that arrived for an already closed window.</summary>
    public void CountLate() => LateRequests++;

    /// <summary>Starts window <paramref name="window"/> with empty counts (the caller has pushed the old ones).</summary>
    public void Open(long window)
    {
        Window = window;
        if (Requests == 0)
        {
            return;
        }

        Requests = 0;
        Errors = 0;
        RequestBytes = 0;
        ResponseBytes = 0;
        ComplianceJudged = 0;
        ComplianceOk = 0;
        Array.Clear(_windowErrors);
        Latency.Clear();
    }

    /// <summary>Adds the cumulative totals into the accumulators of <see cref="TrafficSeries.Totals"/>.</summary>
    public void AddTotalsTo(
        ref long requests, SortedDictionary<int, long> byStatus, Span<long> errors,
        ref long requestBytes, ref long responseBytes, Span<long> duration, ref double durationSumMs,
        ref long complianceJudged, ref long complianceOk)
    {
        complianceJudged += _totalComplianceJudged;
        complianceOk += _totalComplianceOk;
        requests += _totalRequests;
        requestBytes += _totalRequestBytes;
        responseBytes += _totalResponseBytes;
        durationSumMs += _durationSumMs;
        _codes.AddTo(byStatus);
        for (var i = 0; i < errors.Length; i++)
        {
            errors[i] += _totalErrors[i];
        }

        for (var i = 0; i < duration.Length; i++)
        {
            duration[i] += _duration[i];
        }
    }
}
