using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class SampleDistributionTests
{
    private const double Tolerance = LogHistogram.RelativeAccuracy * (1 + 1e-9);

    [Fact]
    public void Add_UpToLimit_StaysExactAndMatchesExactSample()
    {
        double[] values = QuantileTestData.LogNormal(1_000, seed: 21);
        var distribution = Fill(values, exactLimit: 1_000);
        var exact = ExactSample.FromUnsorted(values);

        Assert.True(distribution.IsExact);
        Assert.Equal("exact", distribution.Representation);
        foreach (double p in new[] { 0, 0.5, 0.9, 0.95, 0.99, 1 })
        {
            Assert.Equal(Quantile.Of(exact, p), Quantile.Of(distribution, p));
        }
    }

    [Fact]
    public void Add_PastLimit_SwitchesToHistogramWithinRelativeAccuracy()
    {
        double[] values = QuantileTestData.Mixed(20_001, seed: 22);
        var distribution = Fill(values.AsSpan(0, 20_000).ToArray(), exactLimit: 20_000);
        Assert.True(distribution.IsExact);

        distribution.Add(values[^1]);

        Assert.False(distribution.IsExact);
        Assert.Equal("log-histogram(α=0.5%)", distribution.Representation);
        Assert.Equal(20_001, distribution.Count);
        AssertEveryRankWithinAccuracy(QuantileTestData.Sorted(values), distribution);
    }

    [Fact]
    public void MinMaxMean_HistogramMode_StayExact()
    {
        double[] values = QuantileTestData.Exponential(5_000, seed: 23);
        var distribution = Fill(values, exactLimit: 100);
        Assert.False(distribution.IsExact);
        Assert.Equal(values.Min(), distribution.Min);
        Assert.Equal(values.Max(), distribution.Max);
        Assert.Equal(values.Average(), distribution.Mean, 1e-9);
    }

    [Fact]
    public void Merge_TotalWithinLimit_StaysExact()
    {
        double[] first = QuantileTestData.LogNormal(400, seed: 24);
        double[] second = QuantileTestData.LogNormal(600, seed: 25);
        var merged = Fill(first, exactLimit: 1_000);
        merged.Merge(Fill(second, exactLimit: 1_000));

        Assert.True(merged.IsExact);
        Assert.Equal(1_000, merged.Count);
        double[] sorted = QuantileTestData.Sorted([.. first, .. second]);
        for (int rank = 0; rank < sorted.Length; rank++)
        {
            Assert.Equal(sorted[rank], merged.ValueAtRank(rank));
        }
    }

    [Theory]
    [InlineData(600, 600, 1_000)]
    [InlineData(5_000, 300, 1_000)]
    [InlineData(300, 5_000, 1_000)]
    [InlineData(5_000, 5_000, 1_000)]
    public void Merge_TotalPastLimit_SwitchesAndMatchesAllValues(int firstCount, int secondCount, int limit)
    {
        double[] first = QuantileTestData.LogNormal(firstCount, seed: 26);
        double[] second = QuantileTestData.Mixed(secondCount, seed: 27);
        var merged = Fill(first, limit);
        merged.Merge(Fill(second, limit));

        Assert.False(merged.IsExact);
        double[] all = [.. first, .. second];
        Assert.Equal(all.Length, merged.Count);
        Assert.Equal(all.Min(), merged.Min);
        Assert.Equal(all.Max(), merged.Max);
        Assert.Equal(all.Average(), merged.Mean, 1e-9);
        AssertEveryRankWithinAccuracy(QuantileTestData.Sorted(all), merged);
    }

    [Fact]
    public void Merge_Itself_DoublesTheSample()
    {
        var distribution = Fill([3, 1, 2], exactLimit: 10);
        distribution.Merge(distribution);
        Assert.True(distribution.IsExact);
        Assert.Equal([1.0, 1, 2, 2, 3, 3], Enumerable.Range(0, 6).Select(r => distribution.ValueAtRank(r)));
    }

    [Fact]
    public void Add_AfterRankLookup_ResortsExactValues()
    {
        var distribution = Fill([5, 1], exactLimit: 10);
        Assert.Equal(5, distribution.ValueAtRank(1));
        distribution.Add(3);
        Assert.Equal(3, distribution.ValueAtRank(1));
    }

    [Fact]
    public void Constructor_Default_UsesDefaultLimit()
    {
        Assert.Equal(SampleDistribution.DefaultExactLimit, new SampleDistribution().ExactLimit);
        Assert.Equal(100_000, SampleDistribution.DefaultExactLimit);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SampleDistribution(-1));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.001)]
    public void Add_InvalidValue_ThrowsEvenInExactMode(double bad)
    {
        var distribution = new SampleDistribution();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => distribution.Add(bad));
        Assert.Equal("value", ex.ParamName);
        Assert.Equal(0, distribution.Count);
    }

    [Fact]
    public void Empty_StatisticsThrow()
    {
        var distribution = new SampleDistribution();
        Assert.Throws<InvalidOperationException>(() => distribution.Mean);
        Assert.Throws<InvalidOperationException>(() => distribution.Min);
        Assert.Throws<ArgumentOutOfRangeException>(() => distribution.ValueAtRank(0));
    }

    private static SampleDistribution Fill(double[] values, int exactLimit)
    {
        var distribution = new SampleDistribution(exactLimit);
        foreach (double value in values)
        {
            distribution.Add(value);
        }

        return distribution;
    }

    private static void AssertEveryRankWithinAccuracy(double[] sorted, SampleDistribution distribution)
    {
        for (int rank = 0; rank < sorted.Length; rank++)
        {
            double allowed = Math.Max(Tolerance * sorted[rank], LogHistogram.ZeroThreshold);
            double reported = distribution.ValueAtRank(rank);
            if (!(Math.Abs(reported - sorted[rank]) <= allowed))
            {
                Assert.Fail($"rank {rank}: reported {reported:R}, exact {sorted[rank]:R}");
            }
        }
    }
}
