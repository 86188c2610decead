using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class LogHistogramTests
{
    // α plus room for the last-bit rounding of log/exp at the bucket edges, where the
    // representative is exactly α away from the value by construction.
    private const double Tolerance = LogHistogram.RelativeAccuracy * (1 + 1e-9);

    private static readonly double[] ManyProbabilities =
        [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9999, 1];

    [Theory]
    [InlineData("lognormal")]
    [InlineData("exponential")]
    [InlineData("mixed")]
    public void ValueAtRank_EveryRank_WithinRelativeAccuracyOfExact(string shape)
    {
        double[] values = Generate(shape, 100_000, seed: 11);
        var histogram = Fill(values);
        double[] sorted = QuantileTestData.Sorted(values);

        for (int rank = 0; rank < sorted.Length; rank++)
        {
            AssertWithinAccuracy(sorted[rank], histogram.ValueAtRank(rank), $"rank {rank}");
        }
    }

    [Theory]
    [InlineData("lognormal")]
    [InlineData("exponential")]
    [InlineData("mixed")]
    public void QuantileOf_ManyProbabilities_WithinRelativeAccuracyOfExact(string shape)
    {
        double[] values = Generate(shape, 100_000, seed: 12);
        var histogram = Fill(values);
        var exact = ExactSample.FromUnsorted(values);

        foreach (double p in ManyProbabilities)
        {
            AssertWithinAccuracy(Quantile.Of(exact, p), Quantile.Of(histogram, p), $"p = {p}");
        }
    }

    [Fact]
    public void ValueAtRank_ExtremeRanks_AreExactMinAndMax()
    {
        double[] values = QuantileTestData.LogNormal(10_000, seed: 13);
        var histogram = Fill(values);
        double[] sorted = QuantileTestData.Sorted(values);

        Assert.Equal(sorted[0], histogram.ValueAtRank(0));
        Assert.Equal(sorted[^1], histogram.ValueAtRank(sorted.Length - 1));
        Assert.Equal(sorted[0], histogram.Min);
        Assert.Equal(sorted[^1], histogram.Max);
        Assert.Equal(values.Sum(), histogram.Sum, 1e-6);
        Assert.Equal(10_000, histogram.Count);
    }

    [Fact]
    public void ValueAtRank_ValueOne_ReportsOneMinusAlpha()
    {
        // By hand: 1 = γ^0 is the top edge of bucket 0, reported as 2γ^0/(γ + 1) = 2(1 − α)/2 = 1 − α.
        // 0.5 and 1000 widen [Min, Max] so the clamp does not hide the representative.
        var histogram = new LogHistogram();
        histogram.Add(0.5);
        histogram.Add(1);
        histogram.Add(1000);
        Assert.Equal(1 - LogHistogram.RelativeAccuracy, histogram.ValueAtRank(1), 1e-15);
    }

    [Fact]
    public void ValueAtRank_ZeroBucket_ReadsBackAsMinimum()
    {
        var histogram = new LogHistogram();
        histogram.Add(0);
        histogram.Add(1e-12);
        histogram.Add(5);
        Assert.Equal(0, histogram.ValueAtRank(0));
        Assert.Equal(0, histogram.ValueAtRank(1));
        Assert.Equal(5, histogram.ValueAtRank(2));
    }

    [Fact]
    public void Merge_TwoHistograms_EqualsAddingAllValuesToOne()
    {
        double[] first = QuantileTestData.LogNormal(30_000, seed: 14, median: 20);
        double[] second = QuantileTestData.Mixed(30_000, seed: 15);
        var merged = Fill(first);
        merged.Merge(Fill(second));
        var together = Fill([.. first, .. second]);

        AssertSameDistribution(together, merged);
        Assert.Equal(together.Sum, merged.Sum, 1e-6);
    }

    [Fact]
    public void Merge_Itself_DoublesEveryCount()
    {
        double[] values = QuantileTestData.Exponential(5_000, seed: 16);
        var histogram = Fill(values);
        histogram.Merge(histogram);
        var twice = Fill([.. values, .. values]);
        AssertSameDistribution(twice, histogram);
    }

    [Fact]
    public void Merge_Empty_ChangesNothing()
    {
        var histogram = Fill(QuantileTestData.LogNormal(1_000, seed: 17));
        var before = histogram.Clone();
        histogram.Merge(new LogHistogram());
        new LogHistogram().Merge(histogram);
        AssertSameDistribution(before, histogram);
    }

    [Fact]
    public void AddWithCount_EqualsRepeatedAdd()
    {
        var counted = new LogHistogram();
        counted.Add(12.5, 1_000);
        counted.Add(0, 3);
        counted.Add(700, 0);
        var repeated = new LogHistogram();
        for (int i = 0; i < 1_000; i++)
        {
            repeated.Add(12.5);
        }

        repeated.Add(0);
        repeated.Add(0);
        repeated.Add(0);
        AssertSameDistribution(repeated, counted);
        Assert.Equal(12_500, counted.Sum);
        Assert.Equal(12.5, counted.Max);
    }

    [Fact]
    public void ValueAtRank_AfterMoreAdds_SeesNewValues()
    {
        var histogram = new LogHistogram();
        histogram.Add(10);
        histogram.Add(20);
        Assert.Equal(20, histogram.ValueAtRank(1));
        histogram.Add(15);
        AssertWithinAccuracy(15, histogram.ValueAtRank(1), "rank 1 after adding 15");
        Assert.Equal(20, histogram.ValueAtRank(2));
    }

    [Fact]
    public void Clone_EvolvesIndependently()
    {
        var histogram = Fill([1, 2, 3]);
        var copy = histogram.Clone();
        copy.Add(1_000);
        Assert.Equal(3, histogram.Count);
        Assert.Equal(3, histogram.Max);
        Assert.Equal(4, copy.Count);
        Assert.Equal(1_000, copy.Max);
    }

    [Fact]
    public void AllocatedBuckets_ManyValuesInFixedRange_BoundedByRangeNotCount()
    {
        // ln(10⁴)/ln γ ≈ 921 buckets cover [1, 10⁴]; growth slack may add up to half again.
        var histogram = new LogHistogram();
        var random = new Random(18);
        for (int i = 0; i < 200_000; i++)
        {
            histogram.Add(Math.Pow(10, 4 * random.NextDouble()) + 1);
        }

        int buckets = histogram.AllocatedBuckets;
        for (int i = 0; i < 200_000; i++)
        {
            histogram.Add(Math.Pow(10, 4 * random.NextDouble()) + 1);
        }

        Assert.InRange(buckets, 921, 1_500);
        Assert.Equal(buckets, histogram.AllocatedBuckets);
    }

    [Fact]
    public void Add_ExtremeFiniteValues_Accepted()
    {
        var histogram = Fill([double.Epsilon, 1e-9, double.MaxValue]);
        Assert.Equal(double.MaxValue, histogram.ValueAtRank(2));
        AssertWithinAccuracy(1e-9, histogram.ValueAtRank(1), "1e-9");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(-1.5, "-1.5")]
    public void Add_InvalidValue_ThrowsNamingTheValue(double bad, string shown)
    {
        var histogram = new LogHistogram();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Add(bad));
        Assert.Equal("value", ex.ParamName);
        Assert.Contains($"got {shown}.", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Add(bad, 2));
        Assert.Equal(0, histogram.Count);
    }

    [Fact]
    public void Add_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LogHistogram().Add(1, -1));
    }

    [Fact]
    public void EmptyHistogram_MinAndRankLookups_Throw()
    {
        var histogram = new LogHistogram();
        Assert.Throws<InvalidOperationException>(() => histogram.Min);
        Assert.Throws<InvalidOperationException>(() => histogram.Max);
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.ValueAtRank(0));
        Assert.Throws<InvalidOperationException>(() => Quantile.Of(histogram, 0.5));
    }

    private static double[] Generate(string shape, int n, int seed) => shape switch
    {
        "lognormal" => QuantileTestData.LogNormal(n, seed),
        "exponential" => QuantileTestData.Exponential(n, seed),
        _ => QuantileTestData.Mixed(n, seed),
    };

    private static LogHistogram Fill(double[] values)
    {
        var histogram = new LogHistogram();
        foreach (double value in values)
        {
            histogram.Add(value);
        }

        return histogram;
    }

    private static void AssertWithinAccuracy(double exact, double reported, string where)
    {
        // Exact zeros come back as the exact minimum (0); values under 1e-9 within 1e-9.
        double allowed = Math.Max(Tolerance * Math.Abs(exact), LogHistogram.ZeroThreshold);
        if (!(Math.Abs(reported - exact) <= allowed))
        {
            Assert.Fail($"{where}: reported {reported:R}, exact {exact:R}, allowed ±{allowed:R}");
        }
    }

    private static void AssertSameDistribution(LogHistogram expected, LogHistogram actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        for (long rank = 0; rank < expected.Count; rank++)
        {
            Assert.Equal(expected.ValueAtRank(rank), actual.ValueAtRank(rank));
        }
    }
}
