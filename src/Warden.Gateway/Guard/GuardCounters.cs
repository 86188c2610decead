using System.Collections.Concurrent;
using Warden.Core.Guard;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Guard;

/// <summary>
/// The live guard's view of the gateway's traffic, kept in process: per (service, version), the
/// live requests (production and canary arms; the shadow never reaches a user), their errors,
/// those slower than the latency trigger, those slower than a drift threshold set by the guard,
/// compliance of the top-ranked item, and a latency histogram for production's P95. Counted as
/// each request completes, so the guard sees a fault within its own interval, not a telemetry
/// flush later. Cumulative: the guard reads twice and subtracts.
/// </summary>
/// <remarks>
/// The request path costs one dictionary lookup, a few interlocked increments and one short lock
/// for the histogram.
/// </remarks>
internal sealed class GuardCounters(double latencyTriggerMs, int maxSeries = GuardCounters.DefaultMaxSeries) : IGatewayObserver
{
    /// <summary>Default cap on distinct (service, version) series.</summary>
    public const int DefaultMaxSeries = 256;

    private readonly ConcurrentDictionary<(string Service, string Version), Series> _series = new();
    private long _overflow;

    /// <summary>The latency the <see cref="GuardCounts.Slow"/> count compares with, in ms.</summary>
    public double LatencyTriggerMs { get; } = latencyTriggerMs;

    /// <summary>Requests of series past the cap (not counted).</summary>
    public long SeriesOverflow => Interlocked.Read(ref _overflow);

    /// <inheritdoc />
    public void RequestCompleted(in RequestOutcome outcome)
    {
        if (outcome.Arm == TrafficArm.Shadow || string.IsNullOrEmpty(outcome.Service) || string.IsNullOrEmpty(outcome.Version)
            || !(outcome.LatencyMs >= 0) || double.IsInfinity(outcome.LatencyMs))
        {
            return;
        }

        if (Find(outcome.Service, outcome.Version, create: true) is not { } series)
        {
            Interlocked.Increment(ref _overflow);
            return;
        }

        var kind = ErrorClasses.Classify(outcome.Error, outcome.Status);
        series.Record(outcome.LatencyMs, kind is not null and not ErrorClass.ClientAborted, outcome.LatencyMs > LatencyTriggerMs, outcome.Compliant);
    }

    /// <inheritdoc />
    public void ShadowCompared(ShadowComparison comparison)
    {
    }

    /// <inheritdoc />
    public void EventCounted(string? service, GatewayEvent kind)
    {
    }

    /// <summary>The version's counts so far (zero when it served nothing).</summary>
    public GuardCounts Read(string service, string version) => Find(service, version, create: false)?.Read() ?? default;

    /// <summary>The version's P95 latency over its live requests since the last <see cref="RestartP95"/> (else since the start), or null with fewer than <paramref name="minimum"/> requests.</summary>
    public double? P95Ms(string service, string version, long minimum) => Find(service, version, create: false)?.P95(minimum);

    /// <summary>Starts the version's latency histogram afresh: the guard's drift reference is production's P95 in the phase it watches, not since the server started.</summary>
    public void RestartP95(string service, string version) => Find(service, version, create: true)?.RestartLatency();

    /// <summary>From now on, counts the version's requests slower than <paramref name="thresholdMs"/> in <see cref="GuardCounts.DriftSlow"/>.</summary>
    public void SetDriftThreshold(string service, string version, double thresholdMs) => Find(service, version, create: true)?.SetDrift(thresholdMs);

    private Series? Find(string service, string version, bool create)
    {
        if (_series.TryGetValue((service, version), out var series) || !create)
        {
            return series;
        }

        return _series.Count >= maxSeries ? null : _series.GetOrAdd((service, version), _ => new Series());
    }

    private sealed class Series
    {
        private readonly Lock _histogramGate = new();
        private LogHistogram _latency = new();
        private long _requests;
        private long _errors;
        private long _slow;
        private long _driftRequests;
        private long _driftSlow;
        private long _judged;
        private long _compliant;

        // NaN while unset; read and written as bits so a request never sees a torn value.
        private long _driftThresholdBits = BitConverter.DoubleToInt64Bits(double.NaN);

        public void Record(double latencyMs, bool error, bool slow, bool? compliant)
        {
            Interlocked.Increment(ref _requests);
            if (error)
            {
                Interlocked.Increment(ref _errors);
            }

            if (slow)
            {
                Interlocked.Increment(ref _slow);
            }

            var drift = BitConverter.Int64BitsToDouble(Interlocked.Read(ref _driftThresholdBits));
            if (!double.IsNaN(drift))
            {
                Interlocked.Increment(ref _driftRequests);
                if (latencyMs > drift)
                {
                    Interlocked.Increment(ref _driftSlow);
                }
            }

            if (compliant is { } ok)
            {
                Interlocked.Increment(ref _judged);
                if (ok)
                {
                    Interlocked.Increment(ref _compliant);
                }
            }

            lock (_histogramGate)
            {
                _latency.Add(latencyMs);
            }
        }

        public GuardCounts Read() => new(
            Interlocked.Read(ref _requests),
            Interlocked.Read(ref _errors),
            Interlocked.Read(ref _slow),
            Interlocked.Read(ref _driftRequests),
            Interlocked.Read(ref _driftSlow),
            Interlocked.Read(ref _judged),
            Interlocked.Read(ref _compliant));

        public double? P95(long minimum)
        {
            lock (_histogramGate)
            {
                return _latency.Count >= Math.Max(1, minimum) ? Quantile.Of(_latency, 0.95) : null;
            }
        }

        public void RestartLatency()
        {
            lock (_histogramGate)
            {
                _latency = new LogHistogram();
            }
        }

        public void SetDrift(double thresholdMs) => Interlocked.Exchange(ref _driftThresholdBits, BitConverter.DoubleToInt64Bits(thresholdMs));
    }
}
