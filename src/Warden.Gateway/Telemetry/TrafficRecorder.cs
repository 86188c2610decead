using System.Collections.Concurrent;
using Warden.Core.Traffic;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// The gateway's telemetry: counts every request per (service, version, arm) in 1-second
/// windows kept in a ring of <see cref="TelemetryOptions.RingMinutes"/>, keeps cumulative totals
/// for <c>/metrics</c>, counts events, accumulates shadow comparisons, and feeds the sampled
/// request log and the shadow log. Windows follow the injected clock: a request counts in the
/// second in which <see cref="RequestCompleted"/> is called.
/// </summary>
/// <remarks>
/// The request path costs one dictionary lookup, one clock read and one uncontended lock: each
/// series has one stripe per processor (<see cref="TrafficSeries"/>). Memory is bounded by
/// <see cref="MaxSeries"/> series × (stripes + ring slots); requests of further series are
/// counted in <see cref="SeriesOverflow"/> and left out of windows and totals.
/// </remarks>
internal sealed partial class TrafficRecorder : IGatewayObserver
{
    /// <summary>Default cap on distinct (service, version, arm) series.</summary>
    public const int DefaultMaxSeries = 256;

    private static int s_nextId;

    // The series the current thread recorded last, and which recorder it belongs to (an id, so
    // the cache never keeps a recorder alive). The gateway passes the route table's own strings,
    // so a reference comparison usually finds the series without hashing two strings.
    [ThreadStatic]
    private static TrafficSeries? t_lastSeries;

    [ThreadStatic]
    private static int t_lastOwner;

    private readonly int _id = Interlocked.Increment(ref s_nextId);
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<SeriesKey, TrafficSeries> _series = new();
    private readonly Lock _createGate = new();
    private readonly Lock _collectGate = new();
    private readonly RequestLogSampler _sampler;
    private readonly JsonLinesAppender<RequestOutcome>? _requestLog;
    private readonly JsonLinesAppender<ShadowComparison>? _shadowLog;
    private readonly int _stripes;
    private long _flushCursor;
    private long _overflow;
    private long _invalid;

    /// <summary>Creates a recorder.</summary>
    /// <param name="time">Clock for windows.</param>
    /// <param name="options">Ring length and request-log sample rate (validated by <see cref="TelemetryOptionsValidator"/>).</param>
    /// <param name="shadows">Shadow comparison accumulators; a new set when null.</param>
    /// <param name="requestLog">Writer of the sampled request log, or null for none.</param>
    /// <param name="shadowLog">Writer of the shadow log, or null for none.</param>
    /// <param name="maxSeries">Cap on distinct series.</param>
    /// <param name="stripes">Locks per series; 0 picks the processor count rounded up to a power of two (at most 64).</param>
    public TrafficRecorder(
        TimeProvider time,
        TelemetryOptions options,
        ShadowComparisons? shadows = null,
        JsonLinesAppender<RequestOutcome>? requestLog = null,
        JsonLinesAppender<ShadowComparison>? shadowLog = null,
        int maxSeries = DefaultMaxSeries,
        int stripes = 0)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        TelemetryOptionsValidator.ThrowIfInvalid(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(stripes);
        _time = time;
        RingSlots = options.RingMinutes * 60;
        MaxSeries = maxSeries;
        _stripes = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(stripes > 0 ? stripes : Environment.ProcessorCount)));
        _sampler = new RequestLogSampler(options.SampleRate);
        _requestLog = requestLog;
        _shadowLog = shadowLog;
        Shadows = shadows ?? new ShadowComparisons();
        _flushCursor = time.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>One-second slots kept per series.</summary>
    public int RingSlots { get; }

    /// <summary>Cap on distinct (service, version, arm) series.</summary>
    public int MaxSeries { get; }

    /// <summary>Event counts per service.</summary>
    public EventCounters Events { get; } = new();

    /// <summary>Shadow comparison accumulators.</summary>
    public ShadowComparisons Shadows { get; }

    /// <summary>Requests left out of windows and totals because <see cref="MaxSeries"/> series already existed.</summary>
    public long SeriesOverflow => Interlocked.Read(ref _overflow);

    /// <summary>Outcomes ignored because a field was impossible (empty service or version, negative or non-finite latency, status outside 100–599, negative bytes).</summary>
    public long InvalidOutcomes => Interlocked.Read(ref _invalid);

    /// <summary>The request log writer, if any.</summary>
    public JsonLinesAppender<RequestOutcome>? RequestLog => _requestLog;

    /// <summary>The shadow log writer, if any.</summary>
    public JsonLinesAppender<ShadowComparison>? ShadowLog => _shadowLog;

    /// <inheritdoc />
    public void RequestCompleted(in RequestOutcome outcome)
    {
        if (!IsValid(outcome))
        {
            Interlocked.Increment(ref _invalid);
            return;
        }

        if (Find(new SeriesKey(outcome.Service, outcome.Version, outcome.Arm)) is { } series)
        {
            series.Record(outcome, ErrorClasses.Classify(outcome.Error, outcome.Status), _time.GetUtcNow().ToUnixTimeSeconds());
        }
        else
        {
            Interlocked.Increment(ref _overflow);
        }

        if (_requestLog is not null && _sampler.Next())
        {
            _requestLog.TryAppend(outcome);
        }
    }

    /// <inheritdoc />
    public void ShadowCompared(ShadowComparison comparison)
    {
        Shadows.Record(comparison);
        if (comparison is not null)
        {
            _shadowLog?.TryAppend(comparison);
        }
    }

    /// <inheritdoc />
    public void EventCounted(string? service, GatewayEvent kind) => Events.Count(service, kind);

    private static bool IsValid(in RequestOutcome outcome) =>
        !string.IsNullOrEmpty(outcome.Service)
        && !string.IsNullOrEmpty(outcome.Version)
        && (uint)outcome.Arm <= (uint)TrafficArm.Shadow
        && outcome.LatencyMs >= 0 && outcome.LatencyMs <= double.MaxValue
        && outcome.Status is >= 100 and <= 599
        && outcome.RequestBytes >= 0
        && outcome.ResponseBytes >= 0;

    private TrafficSeries? Find(SeriesKey key)
    {
        var last = t_lastSeries;
        if (last is not null && t_lastOwner == _id && ReferenceEquals(last.Key.Service, key.Service)
            && ReferenceEquals(last.Key.Version, key.Version) && last.Key.Arm == key.Arm)
        {
            return last;
        }

        if (_series.TryGetValue(key, out var series))
        {
            t_lastSeries = series;
            t_lastOwner = _id;
            return series;
        }

        lock (_createGate)
        {
            if (_series.TryGetValue(key, out series))
            {
                return series;
            }

            if (_series.Count >= MaxSeries)
            {
                return null;
            }

            series = new TrafficSeries(key, _stripes, RingSlots);
            _series[key] = series;
            return series;
        }
    }
}
