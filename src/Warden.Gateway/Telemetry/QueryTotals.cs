using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>Running sums of a <see cref="TrafficRecorder.Query"/> over ring slots.</summary>
internal sealed class QueryTotals
{
    /// <summary>Requests.</summary>
    public long Requests { get; private set; }

    /// <summary>Failed requests.</summary>
    public long Errors { get; private set; }

    /// <summary>Request bytes.</summary>
    public long RequestBytes { get; private set; }

    /// <summary>Response bytes.</summary>
    public long ResponseBytes { get; private set; }

    /// <summary>Answers judged for compliance.</summary>
    public long ComplianceJudged { get; private set; }

    /// <summary>Judged answers found compliant.</summary>
    public long ComplianceOk { get; private set; }

    /// <summary>Failures per <see cref="ErrorClass"/>.</summary>
    public long[] ErrorsByClass { get; } = new long[ErrorClasses.Count];

    /// <summary>Latencies.</summary>
    public LatencyBuckets Latency { get; } = new();

    /// <summary>Adds one slot.</summary>
    public void Add(WindowTotals slot)
    {
        Requests += slot.Requests;
        Errors += slot.Errors;
        RequestBytes += slot.RequestBytes;
        ResponseBytes += slot.ResponseBytes;
        ComplianceJudged += slot.ComplianceJudged;
        ComplianceOk += slot.ComplianceOk;
        var errors = slot.ErrorsByClass;
        for (var i = 0; i < errors.Length; i++)
        {
            ErrorsByClass[i] += errors[i];
        }

        Latency.Merge(slot.Latency);
    }

    /// <summary>Adds a stripe's open window (called under the stripe's lock).</summary>
    public void Add(SeriesStripe stripe)
    {
        Requests += stripe.Requests;
        Errors += stripe.Errors;
        RequestBytes += stripe.RequestBytes;
        ResponseBytes += stripe.ResponseBytes;
        ComplianceJudged += stripe.ComplianceJudged;
        ComplianceOk += stripe.ComplianceOk;
        var errors = stripe.WindowErrors;
        for (var i = 0; i < errors.Length; i++)
        {
            ErrorsByClass[i] += errors[i];
        }

        Latency.Merge(stripe.Latency);
    }
}
