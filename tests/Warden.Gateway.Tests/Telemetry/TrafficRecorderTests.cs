using Microsoft.Extensions.Time.Testing;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class TrafficRecorderTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public void RequestCompleted_ThenQuery_CountsRequestsErrorsBytesAndLatency()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        double[] latencies = [12.5, 20, 31.25, 8, 1000];
        recorder.RequestCompleted(Outcomes.Of(latencies[0], requestBytes: 100, responseBytes: 1000));
        recorder.RequestCompleted(Outcomes.Of(latencies[1], status: 503, requestBytes: 10, responseBytes: 20));
        recorder.RequestCompleted(Outcomes.Of(latencies[2], status: 504, error: "timeout"));
        recorder.RequestCompleted(Outcomes.Of(latencies[3], status: 404));
        recorder.RequestCompleted(Outcomes.Of(latencies[4], status: 502, error: "connect"));
        _clock.Advance(TimeSpan.FromSeconds(1));

        var snapshot = recorder.QueryLast("ranker", "v1", 1);

        Assert.Equal(5, snapshot.Requests);
        Assert.Equal(3, snapshot.Errors);
        Assert.Equal(new Dictionary<string, long> { ["5xx"] = 1, ["timeout"] = 1, ["connect"] = 1 }, snapshot.ErrorsByClass);
        Assert.Equal(110, snapshot.RequestBytes);
        Assert.Equal(1020, snapshot.ResponseBytes);
        Assert.Equal(Outcomes.Epoch, snapshot.From);
        Assert.Equal(Outcomes.Epoch.AddSeconds(1), snapshot.To);
        Assert.Equal(5.0, snapshot.ThroughputPerSecond);
        Assert.Equal(0.6, snapshot.ErrorRate);
        var expected = new LogHistogram();
        foreach (var v in latencies)
        {
            expected.Add(v);
        }

        Assert.Equal(Quantile.Of(expected, 0.5), snapshot.LatencyQuantileMs(0.5));
        Assert.Equal(Quantile.Of(expected, 0.95), snapshot.LatencyQuantileMs(0.95));
        Assert.Equal(8, snapshot.Latency.MinMs);
        Assert.Equal(1000, snapshot.Latency.MaxMs);
        Assert.Equal(1071.75, snapshot.Latency.SumMs);
    }

    [Fact]
    public void Query_CurrentSecond_IsNotIncludedUntilItEnds()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromMilliseconds(999));

        Assert.Equal(0, recorder.QueryLast("ranker", "v1", 60).Requests);
        Assert.Null(recorder.QueryLast("ranker", "v1", 60).LatencyQuantileMs(0.95));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, recorder.QueryLast("ranker", "v1", 60).Requests);
    }

    [Fact]
    public void Query_Range_TakesWindowsWhollyInside()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        for (var second = 0; second < 10; second++)
        {
            for (var i = 0; i <= second; i++)
            {
                recorder.RequestCompleted(Outcomes.Of(10));
            }

            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Windows 2, 3 and 4 hold 3 + 4 + 5 requests; window 1 starts before 'from', window 5 ends after 'to'.
        var snapshot = recorder.Query("ranker", "v1", Outcomes.Epoch.AddSeconds(1.5), Outcomes.Epoch.AddSeconds(5.5));

        Assert.Equal(12, snapshot.Requests);
        Assert.Equal(Outcomes.Epoch.AddSeconds(2), snapshot.From);
        Assert.Equal(Outcomes.Epoch.AddSeconds(5), snapshot.To);
        Assert.Equal(55, recorder.QueryLast("ranker", "v1", 60).Requests);
    }

    [Fact]
    public void Query_ArmFilter_SeparatesOrMergesArms()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(10, version: "v2", arm: TrafficArm.Canary));
        recorder.RequestCompleted(Outcomes.Of(10, version: "v2", arm: TrafficArm.Shadow));
        recorder.RequestCompleted(Outcomes.Of(10, version: "v2", arm: TrafficArm.Shadow));
        recorder.RequestCompleted(Outcomes.Of(10, version: "v1"));
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, recorder.QueryLast("ranker", "v2", 10).Requests);
        Assert.Equal(1, recorder.QueryLast("ranker", "v2", 10, TrafficArm.Canary).Requests);
        Assert.Equal(2, recorder.QueryLast("ranker", "v2", 10, TrafficArm.Shadow).Requests);
        Assert.Equal(0, recorder.QueryLast("ranker", "v2", 10, TrafficArm.Production).Requests);
        Assert.Equal(0, recorder.QueryLast("other", "v2", 10).Requests);
    }

    [Fact]
    public void Ring_OlderThanRingMinutes_IsForgottenAndSlotsAreReused()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions { RingMinutes = 1 });
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(60));
        recorder.RequestCompleted(Outcomes.Of(10));
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(1));

        // Second 60 reuses the slot of second 0; a query reaching back further sees only the ring.
        var snapshot = recorder.Query("ranker", "v1", Outcomes.Epoch.AddHours(-1), Outcomes.Epoch.AddHours(1));

        Assert.Equal(2, snapshot.Requests);
        Assert.Equal(Outcomes.Epoch.AddSeconds(1), snapshot.From);
        Assert.Equal(60, recorder.RingSlots);
    }

    [Fact]
    public void RequestCompleted_MoreSeriesThanCap_CountsOverflowAndKeepsFirstSeries()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions(), maxSeries: 2);
        recorder.RequestCompleted(Outcomes.Of(10, version: "a"));
        recorder.RequestCompleted(Outcomes.Of(10, version: "b"));
        recorder.RequestCompleted(Outcomes.Of(10, version: "c"));
        recorder.RequestCompleted(Outcomes.Of(10, version: "c"));
        recorder.RequestCompleted(Outcomes.Of(10, version: "a"));

        Assert.Equal(2, recorder.SeriesOverflow);
        Assert.Equal(["a", "b"], recorder.Series().Select(s => s.Version));
        Assert.Equal(2, recorder.Totals()[0].Requests);
    }

    private static readonly Dictionary<string, RequestOutcome> Impossible = new()
    {
        ["NaN latency"] = Outcomes.Of(double.NaN),
        ["negative latency"] = Outcomes.Of(-1),
        ["infinite latency"] = Outcomes.Of(double.PositiveInfinity),
        ["status 42"] = Outcomes.Of(10, status: 42),
        ["status 600"] = Outcomes.Of(10, status: 600),
        ["empty service"] = Outcomes.Of(10, service: ""),
        ["empty version"] = Outcomes.Of(10, version: ""),
        ["negative bytes"] = Outcomes.Of(10, requestBytes: -1),
        ["undefined arm"] = Outcomes.Of(10, arm: (TrafficArm)7),
    };

    public static TheoryData<string> ImpossibleCases => [.. Impossible.Keys];

    [Theory]
    [MemberData(nameof(ImpossibleCases))]
    public void RequestCompleted_ImpossibleField_CountedAsInvalidNotRecorded(string why)
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());

        recorder.RequestCompleted(Impossible[why]);

        Assert.Equal(1, recorder.InvalidOutcomes);
        Assert.Empty(recorder.Series());
    }

    [Theory]
    [InlineData(null, 200, null)]
    [InlineData(null, 404, null)]
    [InlineData(null, 500, "5xx")]
    [InlineData(null, 599, "5xx")]
    [InlineData("5xx", 502, "5xx")]
    [InlineData("timeout", 504, "timeout")]
    [InlineData("connect", 502, "connect")]
    [InlineData("reset", 502, "reset")]
    [InlineData("unhealthy", 503, "unhealthy")]
    [InlineData("client_aborted", 499, "client_aborted")]
    [InlineData("something new", 200, "other")]
    public void Classify_ErrorAndStatus_GivesClass(string? error, int status, string? expected)
    {
        var kind = ErrorClasses.Classify(error, status);

        Assert.Equal(expected, kind is { } k ? ErrorClasses.Name(k) : null);
    }

    [Fact]
    public void Totals_DurationBuckets_CountValueOnItsUpperBound()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        foreach (var ms in new[] { 0.5, 1.0, 2.5, 2.5000001, 10_000, 10_001 })
        {
            recorder.RequestCompleted(Outcomes.Of(ms));
        }

        var totals = Assert.Single(recorder.Totals());

        // le: 0.001 0.0025 0.005 ... 10 +Inf (not cumulative here).
        Assert.Equal([2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1], totals.DurationCounts);
        Assert.Equal(new Dictionary<int, long> { [200] = 6 }, totals.ByStatus);
        Assert.Equal(6, totals.Requests);
    }

    [Fact]
    public void CollectCompleted_ReturnsEachCompletedWindowOnceOldestFirst()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(10, version: "v2"));
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(2));
        recorder.RequestCompleted(Outcomes.Of(30, status: 500));

        var first = recorder.CollectCompleted();
        var again = recorder.CollectCompleted();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var next = recorder.CollectCompleted();

        Assert.Equal(["v1@0", "v2@0"], first.Select(w => $"{w.Version}@{(w.Start - Outcomes.Epoch).TotalSeconds}"));
        Assert.Empty(again);
        var window = Assert.Single(next);
        Assert.Equal(Outcomes.Epoch.AddSeconds(2), window.Start);
        Assert.Equal(1, window.Errors);
        Assert.Equal(new Dictionary<string, long> { ["5xx"] = 1 }, window.ErrorsByClass);
        Assert.Equal(30, window.Latency.MaxMs);
    }

    [Fact]
    public void CollectCompleted_IncludeCurrent_ClosesTheCurrentSecond()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(10));

        Assert.Empty(recorder.CollectCompleted());
        Assert.Equal(1, Assert.Single(recorder.CollectCompleted(includeCurrent: true)).Requests);

        // A request still arriving in that second is counted in the next window, not lost.
        recorder.RequestCompleted(Outcomes.Of(10));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(Outcomes.Epoch.AddSeconds(1), Assert.Single(recorder.CollectCompleted()).Start);
        Assert.Equal(1, recorder.LateRequests());
    }

    [Fact]
    public void RequestCompleted_ManyThreadsWhileClockMovesAndFlushes_NoRequestLostOrCountedTwice()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions(), stripes: 4);
        const int Threads = 4;
        const int PerThread = 20_000;
        var windows = new List<TelemetryWindow>();
        var done = 0;
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                recorder.RequestCompleted(Outcomes.Of(1 + (i % 50), status: i % 10 == 0 ? 500 : 200));
            }

            Interlocked.Increment(ref done);
        })).ToList();
        workers.ForEach(w => w.Start());
        while (Volatile.Read(ref done) < Threads)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(300));
            windows.AddRange(recorder.CollectCompleted());
        }

        workers.ForEach(w => w.Join());
        windows.AddRange(recorder.CollectCompleted(includeCurrent: true));

        Assert.Equal(Threads * PerThread, windows.Sum(w => w.Requests));
        Assert.Equal(Threads * PerThread / 10, windows.Sum(w => w.Errors));
        Assert.Equal(Threads * PerThread, windows.Sum(w => w.Latency.Count));
        Assert.Equal(windows.Count, windows.Select(w => w.Start).Distinct().Count());
        Assert.Equal(Threads * PerThread, recorder.Totals().Single().Requests);
    }

    [Fact]
    public void RequestCompleted_TwoRecordersSameStringsOnOneThread_EachCountsItsOwn()
    {
        var first = new TrafficRecorder(_clock, new TelemetryOptions());
        var second = new TrafficRecorder(_clock, new TelemetryOptions());
        var outcome = Outcomes.Of(10);

        first.RequestCompleted(outcome);
        second.RequestCompleted(outcome);
        second.RequestCompleted(outcome with { Arm = TrafficArm.Canary });
        first.RequestCompleted(outcome);

        Assert.Equal([2L], first.Totals().Select(t => t.Requests));
        Assert.Equal([1L, 1L], second.Totals().Select(t => t.Requests));
    }

    [Fact]
    public void EventCounted_PerServiceAndKind_NullServiceIsEmptyName()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.EventCounted("ranker", GatewayEvent.ShadowDropped);
        recorder.EventCounted("ranker", GatewayEvent.ShadowDropped);
        recorder.EventCounted(null, GatewayEvent.UnknownService);

        Assert.Equal(2, recorder.Events.Get("ranker", GatewayEvent.ShadowDropped));
        Assert.Equal(
            [new EventTotal(string.Empty, GatewayEvent.UnknownService, 1), new EventTotal("ranker", GatewayEvent.ShadowDropped, 2)],
            recorder.Events.Snapshot());
    }

    [Fact]
    public void EventCounted_MoreServicesThanCap_CountsOverflow()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        for (var i = 0; i < EventCounters.MaxServices + 3; i++)
        {
            recorder.EventCounted($"s{i}", GatewayEvent.UnknownService);
        }

        recorder.EventCounted("s0", GatewayEvent.BodyTooLarge);

        Assert.Equal(3, recorder.Events.Overflow);
        Assert.Equal(1, recorder.Events.Get("s0", GatewayEvent.BodyTooLarge));
    }
}
