using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>
/// Quantiles from cumulative buckets. The case is the gateway scrape test's: 90 requests in
/// (2.5, 5] ms and 10 in (50, 100] ms. Ranks for n = 100 at 95 % (computed with exact binomial
/// sums in Python): P50 (40, 61), P95 (90, 100), P99 (97, 101 = none).
/// </summary>
public sealed class BucketQuantileTests
{
    private static readonly (double, long)[] Buckets =
        [(1, 0), (2.5, 0), (5, 90), (10, 90), (25, 90), (50, 90), (100, 100), (250, 100), (double.PositiveInfinity, 100)];

    [Theory]
    [InlineData(0.50, 2.5 + (2.5 * 50 / 90), 2.5, 5)]
    [InlineData(0.95, 75, 2.5, 100)]
    [InlineData(0.99, 95, 50, double.PositiveInfinity)]
    public void Of_GatewayCase_PointIsHistogramQuantileIntervalIsBucketEdges(double p, double value, double low, double high)
    {
        var estimate = BucketQuantile.Of(Buckets, p);

        Assert.Equal(value, estimate.Value, 12);
        Assert.Equal((low, high), (estimate.Low, estimate.High));
        Assert.Equal(100, estimate.SampleSize);
        Assert.Equal(BucketQuantile.Method, estimate.Method);
    }

    [Fact]
    public void Of_RankInInfBucket_PointIsLastFiniteBoundHighIsInfinite()
    {
        var estimate = BucketQuantile.Of([(10.0, 50L), (double.PositiveInfinity, 100L)], 0.95);

        Assert.Equal(10, estimate.Value);
        Assert.Equal(10, estimate.Low);
        Assert.Equal(double.PositiveInfinity, estimate.High);
    }

    [Fact]
    public void Of_SingleSample_HasNoFiniteBounds()
    {
        var estimate = BucketQuantile.Of([(5.0, 1L), (double.PositiveInfinity, 1L)], 0.5);

        Assert.Equal(2.5, estimate.Value);
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), (estimate.Low, estimate.High));
    }

    [Theory]
    [InlineData(new double[] { 5 }, new long[] { 3 })]
    [InlineData(new double[] { 5, double.PositiveInfinity }, new long[] { 3, 2 })]
    [InlineData(new double[] { 5, double.PositiveInfinity }, new long[] { 0, 0 })]
    [InlineData(new double[] { 5, 5, double.PositiveInfinity }, new long[] { 1, 1, 1 })]
    public void Of_BadBuckets_Throws(double[] bounds, long[] counts)
    {
        Assert.Throws<ArgumentException>(() => BucketQuantile.Of([.. bounds.Zip(counts)], 0.5));
    }
}
