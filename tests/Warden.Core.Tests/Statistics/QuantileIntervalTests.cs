using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class QuantileIntervalTests
{
    // Expected 1-based ranks from scipy 1.10 by binary search on the same definitions:
    //   l = 1 + largest k with binom.cdf(k, n, p) <= a, u = smallest u with binom.sf(u - 1, n, p) <= a,
    //   a = (1 - confidence) / 2; l = 0 means no lower bound, u = n + 1 no upper bound.
    // (100, 0.5) -> (40, 61) is also the textbook value for the median of 100 (e.g. Conover,
    // Practical Nonparametric Statistics, quantile test).
    [Theory]
    [InlineData(100, 0.5, 0.95, 40, 61)]
    [InlineData(1_000, 0.95, 0.95, 936, 964)]
    [InlineData(1_000, 0.99, 0.95, 983, 997)]
    [InlineData(10_000_000, 0.95, 0.95, 9_498_649, 9_501_351)]
    [InlineData(10_000_000, 0.99, 0.99, 9_899_189, 9_900_811)]
    [InlineData(10_000_000, 0.5, 0.95, 4_996_901, 5_003_100)]
    [InlineData(1_000_000_000, 0.999, 0.95, 998_998_041, 999_001_960)]
    [InlineData(2_147_483_659, 0.95, 0.95, 2_040_089_680, 2_040_129_272)]
    [InlineData(1_000_000, 0.001, 0.95, 939, 1_063)]
    [InlineData(200, 0.9, 0.95, 171, 189)]
    [InlineData(59, 0.95, 0.95, 52, 60)]
    [InlineData(72, 0.95, 0.95, 64, 72)]
    [InlineData(20, 0.5, 0.99, 4, 17)]
    [InlineData(30, 0.05, 0.95, 0, 5)]
    [InlineData(5, 0.5, 0.95, 0, 6)]
    [InlineData(6, 0.5, 0.95, 1, 6)]
    public void Ranks_MatchScipyBinomialSearch(long n, double p, double confidence, long lower, long upper)
    {
        Assert.Equal((lower, upper), QuantileInterval.Ranks(n, p, (1 - confidence) / 2));
    }

    [Fact]
    public void OrderStatistic_MedianOfOneToHundred_IsRanks40And61()
    {
        var sample = new ExactSample(Enumerable.Range(1, 100).Select(i => (double)i));
        var estimate = QuantileInterval.OrderStatistic(sample, 0.5);

        // np.quantile(range(1, 101), 0.5) = 50.5; x_(40) = 40 and x_(61) = 61.
        Assert.Equal(50.5, estimate.Value);
        Assert.Equal(40, estimate.Low);
        Assert.Equal(61, estimate.High);
        Assert.Equal("order-statistic", estimate.Method);
        Assert.Equal(100, estimate.SampleSize);
        Assert.Equal(0.95, estimate.Confidence);
        Assert.Null(estimate.Resamples);
    }

    [Fact]
    public void OrderStatistic_TooFewForUpperBound_IsInfiniteAndSaysWhy()
    {
        // 0.95^n <= 0.025 first holds at n = 72 (ln 0.025 / ln 0.95 = 71.9), so n = 59 has no upper bound.
        var sample = new ExactSample(Enumerable.Range(1, 59).Select(i => (double)i));
        var estimate = QuantileInterval.OrderStatistic(sample, 0.95);

        Assert.Equal(52, estimate.Low);
        Assert.Equal(double.PositiveInfinity, estimate.High);
        Assert.Equal("order-statistic (upper bound needs n ≥ 72)", estimate.Method);
    }

    [Fact]
    public void OrderStatistic_TooFewForBothBounds_NamesBoth()
    {
        // 0.5^n <= 0.025 first holds at n = 6 (ln 0.025 / ln 0.5 = 5.32).
        var estimate = QuantileInterval.OrderStatistic(new ExactSample([1.0, 2, 3, 4, 5]), 0.5);
        Assert.Equal(double.NegativeInfinity, estimate.Low);
        Assert.Equal(double.PositiveInfinity, estimate.High);
        Assert.Equal(3, estimate.Value);
        Assert.Equal("order-statistic (lower bound needs n ≥ 6, upper bound needs n ≥ 6)", estimate.Method);
    }

    [Fact]
    public void OrderStatistic_ProbabilityZero_HasNoLowerBoundAtAnyN()
    {
        var estimate = QuantileInterval.OrderStatistic(new ExactSample([4.0, 2, 9]), 0);
        Assert.Equal(2, estimate.Value);
        Assert.Equal(double.NegativeInfinity, estimate.Low);
        Assert.Equal(2, estimate.High);
        Assert.Equal("order-statistic (lower bound is unbounded at this p)", estimate.Method);
    }

    [Fact]
    public void OrderStatistic_RandomSamples_ContainsEstimateAndIsMonotoneInP()
    {
        var random = new Random(31);
        for (int trial = 0; trial < 20; trial++)
        {
            var sample = ExactSample.FromUnsorted(QuantileTestData.LogNormal(random.Next(1, 3_000), seed: trial));
            Estimate? previous = null;
            for (int i = 0; i <= 100; i++)
            {
                double p = i / 100.0;
                var estimate = QuantileInterval.OrderStatistic(sample, p);
                Assert.True(estimate.Low <= estimate.Value && estimate.Value <= estimate.High, $"n={sample.Count} p={p}: {estimate}");
                if (previous is not null)
                {
                    Assert.True(estimate.Value >= previous.Value, $"value fell at p={p}");
                    Assert.True(estimate.Low >= previous.Low, $"low fell at p={p}");
                    Assert.True(estimate.High >= previous.High, $"high fell at p={p}");
                }

                previous = estimate;
            }
        }
    }

    [Fact]
    public void OrderStatistic_HigherConfidence_IsWider()
    {
        var sample = ExactSample.FromUnsorted(QuantileTestData.Exponential(5_000, seed: 32));
        var narrow = QuantileInterval.OrderStatistic(sample, 0.9, 0.8);
        var wide = QuantileInterval.OrderStatistic(sample, 0.9, 0.99);
        Assert.True(wide.Low < narrow.Low && narrow.High < wide.High);
    }

    [Fact]
    public void OrderStatistic_SimulatedCoverage_MatchesBinomialCoverage()
    {
        // For n = 200, p = 0.9 the ranks are (171, 189) and the exact coverage is
        // 1 - binom.cdf(170, 200, 0.9) - binom.sf(188, 200, 0.9) = 0.96688 (scipy 1.10).
        // 4,000 seeded uniform samples, whose true 0.9-quantile is 0.9; the standard error of the
        // simulated coverage is sqrt(0.967 * 0.033 / 4000) = 0.0028, so allow 4 of them.
        var random = new Random(33);
        int covered = 0;
        const int Trials = 4_000;
        var values = new double[200];
        for (int trial = 0; trial < Trials; trial++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = random.NextDouble();
            }

            var estimate = QuantileInterval.OrderStatistic(ExactSample.FromUnsorted(values), 0.9);
            covered += estimate.Low <= 0.9 && 0.9 <= estimate.High ? 1 : 0;
        }

        Assert.InRange(covered / (double)Trials, 0.96688 - 0.0113, 0.96688 + 0.0113);
    }

    [Fact]
    public void OrderStatistic_Histogram_WidenedToContainExactInterval()
    {
        double[] values = QuantileTestData.LogNormal(200_000, seed: 34);
        var histogram = new LogHistogram();
        foreach (double value in values)
        {
            histogram.Add(value);
        }

        var exact = QuantileInterval.OrderStatistic(ExactSample.FromUnsorted(values), 0.95);
        var approximate = QuantileInterval.OrderStatistic(histogram, 0.95);

        Assert.True(approximate.Low <= exact.Low && exact.High <= approximate.High, $"exact {exact}, histogram {approximate}");

        // Not wider than needed: a bound read back within ±α, then widened by 1/(1 ± α), stays
        // within a factor γ = (1 + α)/(1 − α) of the exact bound.
        const double Alpha = LogHistogram.RelativeAccuracy;
        Assert.True(approximate.Low >= exact.Low * (1 - Alpha) / (1 + Alpha) * (1 - 1e-12));
        Assert.True(approximate.High <= exact.High * (1 + Alpha) / (1 - Alpha) * (1 + 1e-12));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void OrderStatistic_BadConfidence_Throws(double confidence)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => QuantileInterval.OrderStatistic(new ExactSample([1.0]), 0.5, confidence));
        Assert.Equal("confidence", ex.ParamName);
    }

    [Fact]
    public void OrderStatistic_Empty_ThrowsNoSamples()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => QuantileInterval.OrderStatistic(new LogHistogram(), 0.5));
        Assert.Equal("no samples", ex.Message);
    }
}
