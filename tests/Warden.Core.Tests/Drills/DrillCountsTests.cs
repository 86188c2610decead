using Warden.Core.Drills;

namespace Warden.Core.Tests.Drills;

/// <summary>
/// <see cref="DrillCounts.Of"/> and <see cref="DrillSample.Failed"/>: the window [from, to) with a
/// sample exactly at each end, where a failure is counted, and the last request to the faulty build.
/// </summary>
public sealed class DrillCountsTests
{
    private static readonly DateTimeOffset From = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = From.AddSeconds(10);

    [Theory]
    [InlineData(0, true)]
    [InlineData(199, true)]
    [InlineData(200, false)]
    [InlineData(204, false)]
    [InlineData(299, false)]
    [InlineData(300, true)]
    [InlineData(404, true)]
    [InlineData(503, true)]
    public void Failed_Status_TrueUnlessA2xx(int status, bool failed)
    {
        Assert.Equal(failed, new DrillSample(From, status, "faulty").Failed);
    }

    [Fact]
    public void Of_NoSamples_AllZeroAndNoLastRequest()
    {
        var counts = DrillCounts.Of([], "faulty", From, To);

        Assert.Equal(new DrillCounts { Requests = 0, ToCandidate = 0, FailedByFault = 0, FailedElsewhere = 0, LastToCandidate = null }, counts);
    }

    // Offset of the one sample from From, in ticks; To is From + 10 s (100 000 000 ticks).
    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(99_999_999, true)]
    [InlineData(100_000_000, false)]
    [InlineData(100_000_001, false)]
    public void Of_SampleAtTheWindowsEdges_FromCountedToNot(long ticks, bool counted)
    {
        var sent = From.AddTicks(ticks);

        var counts = DrillCounts.Of([new DrillSample(sent, 500, "faulty")], "faulty", From, To);

        var n = counted ? 1 : 0;
        Assert.Equal(
            new DrillCounts { Requests = n, ToCandidate = n, FailedByFault = n, FailedElsewhere = 0, LastToCandidate = counted ? sent : null },
            counts);
    }

    // One sample: its status and version, and where it lands.
    [Theory]
    [InlineData(200, "faulty", 1, 0, 0)]
    [InlineData(500, "faulty", 1, 1, 0)]
    [InlineData(0, "faulty", 1, 1, 0)]
    [InlineData(200, "v1", 0, 0, 0)]
    [InlineData(500, "v1", 0, 0, 1)]
    [InlineData(502, null, 0, 0, 1)]
    [InlineData(0, null, 0, 0, 1)]
    [InlineData(500, "Faulty", 0, 0, 1)]
    public void Of_OneSample_FailureCountedWhereItHappened(int status, string? version, long toCandidate, long byFault, long elsewhere)
    {
        var counts = DrillCounts.Of([new DrillSample(From.AddSeconds(1), status, version)], "faulty", From, To);

        Assert.Equal((1L, toCandidate, byFault, elsewhere), (counts.Requests, counts.ToCandidate, counts.FailedByFault, counts.FailedElsewhere));
    }

    [Fact]
    public void Of_MixedSamples_EachCountedOnce()
    {
        DrillSample[] samples =
        [
            new(From.AddSeconds(-1), 500, "faulty"),
            new(From.AddSeconds(1), 200, "faulty"),
            new(From.AddSeconds(2), 500, "faulty"),
            new(From.AddSeconds(3), 200, "v1"),
            new(From.AddSeconds(4), 503, "v1"),
            new(From.AddSeconds(5), 0, null),
            new(From.AddSeconds(6), 200, "v1"),
            new(To, 500, "faulty"),
        ];

        var counts = DrillCounts.Of(samples, "faulty", From, To);

        // Counted by hand: six samples in [From, To); two on faulty (one failed); two failures elsewhere.
        Assert.Equal(
            new DrillCounts { Requests = 6, ToCandidate = 2, FailedByFault = 1, FailedElsewhere = 2, LastToCandidate = From.AddSeconds(2) },
            counts);
    }

    [Fact]
    public void Of_SamplesOutOfOrder_LastToCandidateIsTheLatestSent()
    {
        DrillSample[] samples =
        [
            new(From.AddSeconds(7), 200, "faulty"),
            new(From.AddSeconds(2), 200, "faulty"),
            new(From.AddSeconds(9), 200, "v1"),
            new(From.AddSeconds(5), 500, "faulty"),
            new(From.AddSeconds(8).AddTicks(-1), 200, "v1"),
        ];

        var counts = DrillCounts.Of(samples, "faulty", From, To);

        Assert.Equal(From.AddSeconds(7), counts.LastToCandidate);
        Assert.Equal(3, counts.ToCandidate);
    }

    [Fact]
    public void Of_NullSamples_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DrillCounts.Of(null!, "faulty", From, To));
    }
}
