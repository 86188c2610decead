using Microsoft.Extensions.Time.Testing;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

/// <summary><see cref="TrafficRecorder.Buckets"/> on a fake clock: bucket edges, the open second, the step limits.</summary>
public sealed class TrafficRecorderBucketsTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    // Outcomes.Epoch (E) is a multiple of 300 s since the Unix epoch: buckets of 1, 10 and 300 s start on it.
    private static readonly DateTimeOffset E = Outcomes.Epoch;

    [Fact]
    public void Buckets_KnownRequests_ExactCountsPerBucketTheBoundaryInTheLaterOneAndAPartialLastBucket()
    {
        var recorder = Recorded();

        var buckets = recorder.Buckets("ranker", seconds: 60, step: 10);

        // now = E + 32.25 s: from E − 27 s, so the first bucket starting at or after it is E − 20 s.
        Assert.Equal(E.AddSeconds(-20), buckets.From);
        Assert.Equal(E.AddSeconds(32.25), buckets.To);
        Assert.Equal(10, buckets.StepSeconds);
        var (key, production) = buckets.Series[0];
        Assert.Equal(new SeriesKey("ranker", "v1", TrafficArm.Production), key);
        Assert.Equal([-20, -10, 0, 10, 20, 30], production.Select(b => (b.From - E).TotalSeconds));
        Assert.Equal([0L, 0, 3, 3, 1, 4], production.Select(b => b.Requests));
        Assert.Equal([0L, 0, 1, 0, 0, 1], production.Select(b => b.Errors));

        // Whole buckets last 10 s; the last one holds the open second so far (2.25 s).
        Assert.Equal([10.0, 10, 10, 10, 10, 2.25], production.Select(b => b.Seconds));
        Assert.Equal(0.3, production[2].ThroughputPerSecond);
        Assert.Equal(4 / 2.25, production[5].ThroughputPerSecond);
        Assert.Null(production[0].ErrorRateEstimate());
        Assert.Equal(1.0 / 3, production[2].ErrorRateEstimate()!.Value);
        Assert.Equal(production[2].LatencyQuantileMs(0.95), production[2].LatencyQuantileEstimate(0.95)!.Value);

        // The canary's series covers the same buckets.
        var (canaryKey, canary) = buckets.Series[1];
        Assert.Equal(new SeriesKey("ranker", "v2", TrafficArm.Canary), canaryKey);
        Assert.Equal([0L, 0, 0, 1, 0, 0], canary.Select(b => b.Requests));
        Assert.Empty(recorder.Buckets("search", 60, 10).Series);
    }

    [Fact]
    public void Buckets_OpenSecond_IsReadWithoutClosingIt()
    {
        var recorder = Recorded();
        Assert.Equal(4, recorder.Buckets("ranker", 60, 10).Series[0].Buckets[^1].Requests);

        // A request later in the same second counts in the same window, not as a late one.
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        recorder.RequestCompleted(Outcomes.Of(5));
        Assert.Equal(5, recorder.Buckets("ranker", 60, 10).Series[0].Buckets[^1].Requests);
        Assert.Equal(0, recorder.LateRequests());

        // Once the second ends it is a sealed window like any other.
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var last = recorder.Buckets("ranker", 60, 10).Series[0].Buckets[^1];
        Assert.Equal((E.AddSeconds(30), E.AddSeconds(33), 5L), (last.From, last.To, last.Requests));
        Assert.Equal(recorder.Query("ranker", "v1", E.AddSeconds(30), E.AddSeconds(33), TrafficArm.Production).Requests, last.Requests);
    }

    [Theory]
    [InlineData(3, 1, new[] { 30, 31, 32 }, new long[] { 0, 0, 4 })]
    [InlineData(1800, 300, new[] { -1500, -1200, -900, -600, -300, 0 }, new long[] { 0, 0, 0, 0, 0, 11 })]
    [InlineData(5, 10, new[] { 30 }, new long[] { 4 })]
    [InlineData(100_000, 300, new[] { -1500, -1200, -900, -600, -300, 0 }, new long[] { 0, 0, 0, 0, 0, 11 })]
    public void Buckets_StepLimitsAndLookBack_BucketStartsAndCounts(int seconds, int step, int[] starts, long[] requests)
    {
        var production = Recorded().Buckets("ranker", seconds, step).Series[0].Buckets;

        Assert.Equal(starts.Select(s => (double)s), production.Select(b => (b.From - E).TotalSeconds));
        Assert.Equal(requests, production.Select(b => b.Requests));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public void Buckets_StepOutsideOneTo300_Throws(int step) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Recorded().Buckets("ranker", 60, step));

    // E + 0: 2 requests (one a 503); E + 9.999: 1; E + 10 exactly: 3 (and one canary request of
    // v2); E + 25.5: 1; E + 32.25 (the open second): 4, one of them a 503.
    private TrafficRecorder Recorded()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(10));
        recorder.RequestCompleted(Outcomes.Of(20, status: 503));
        _clock.Advance(TimeSpan.FromMilliseconds(9_999));
        recorder.RequestCompleted(Outcomes.Of(30));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        for (var i = 0; i < 3; i++)
        {
            recorder.RequestCompleted(Outcomes.Of(40));
        }

        recorder.RequestCompleted(Outcomes.Of(40, version: "v2", arm: TrafficArm.Canary));
        _clock.Advance(TimeSpan.FromMilliseconds(15_500));
        recorder.RequestCompleted(Outcomes.Of(50));
        _clock.Advance(TimeSpan.FromMilliseconds(6_750));
        for (var i = 0; i < 4; i++)
        {
            recorder.RequestCompleted(Outcomes.Of(60, status: i == 0 ? 503 : 200));
        }

        return recorder;
    }
}
