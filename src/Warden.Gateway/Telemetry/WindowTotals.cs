using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// One ring slot: the merged counts of one completed (or completing) 1-second window of a
/// series, its latencies kept compact. Mutated only under the series' ring lock.
/// </summary>
internal sealed class WindowTotals
{
    private readonly long[] _errors = new long[ErrorClasses.Count];

    /// <summary>Window start as a Unix second.</summary>
    public long Window { get; private set; }

    /// <summary>Requests.</summary>
    public long Requests { get; private set; }

    /// <summary>Failed requests.</summary>
    public long Errors { get; private set; }

    /// <summary>Failures per <see cref="ErrorClass"/>.</summary>
    public ReadOnlySpan<long> ErrorsByClass => _errors;

    /// <summary>Request bytes.</summary>
    public long RequestBytes { get; private set; }

    /// <summary>Response bytes.</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>Answers judged for compliance.</summary>
    public long ComplianceJudged { get; private set; }

    /// <summary>Judged answers found compliant.</summary>
    public long ComplianceOk { get; private set; }

    /// <summary>Latencies.</summary>
    public WindowHistogram Latency { get; private set; } = WindowHistogram.Empty;

    /// <summary>Empties the slot for <paramref name="window"/>, dropping what an older window left in it.</summary>
    public void Reset(long window)
    {
        Window = window;
        Requests = 0;
        Errors = 0;
        RequestBytes = 0;
        ResponseBytes = 0;
        ComplianceJudged = 0;
        ComplianceOk = 0;
        Array.Clear(_errors);
        Latency = WindowHistogram.Empty;
    }

    /// <summary>Adds a stripe's open-window counts; <paramref name="scratch"/> is reused to merge histograms.</summary>
    public void Add(SeriesStripe stripe, LatencyBuckets scratch)
    {
        Requests += stripe.Requests;
        Errors += stripe.Errors;
        RequestBytes += stripe.RequestBytes;
        ResponseBytes += stripe.ResponseBytes;
        ComplianceJudged += stripe.ComplianceJudged;
        ComplianceOk += stripe.ComplianceOk;
        var errors = stripe.WindowErrors;
        for (var i = 0; i < _errors.Length; i++)
        {
            _errors[i] += errors[i];
        }

        if (Latency.Count == 0)
        {
            Latency = stripe.Latency.ToHistogram();
            return;
        }

        scratch.Clear();
        scratch.Merge(Latency);
        scratch.Merge(stripe.Latency);
        Latency = scratch.ToHistogram();
    }
}
