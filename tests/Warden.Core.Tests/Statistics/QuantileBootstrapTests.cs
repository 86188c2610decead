using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class QuantileBootstrapTests
{
    private const int Replicates = 20_000;

    [Theory]
    [InlineData(0.9)]  // h = 199 * 0.9 = 179.1: interpolates between two order statistics
    [InlineData(0.5)]  // h = 99.5
    [InlineData(0.99)] // h = 197.01: the upper tail, where resamples repeat the maximum often
    public void ResampledQuantile_MatchesNaiveResampleThenCompute(double p)
    {
        // The same bootstrap distribution two ways: Beta order statistics (the implementation)
        // and literally drawing 200 values with replacement, sorting and taking np.quantile.
        // The naive side sorts each resample by counting how often each (pre-sorted) data point
        // was drawn, which is the same as sorting the drawn values but keeps the test fast.
        double[] data = QuantileTestData.Sorted(QuantileTestData.LogNormal(200, seed: 41));
        var sample = new ExactSample(data);
        var fast = new double[Replicates];
        var naive = new double[Replicates];
        var fastRandom = new Random(42);
        var naiveRandom = new Random(43);
        var resample = new double[data.Length];
        var draws = new int[data.Length];
        for (int b = 0; b < Replicates; b++)
        {
            fast[b] = QuantileBootstrap.ResampledQuantile(sample, p, fastRandom);

            Array.Clear(draws);
            for (int i = 0; i < data.Length; i++)
            {
                draws[naiveRandom.Next(data.Length)]++;
            }

            int filled = 0;
            for (int index = 0; index < data.Length; index++)
            {
                for (int copy = 0; copy < draws[index]; copy++)
                {
                    resample[filled++] = data[index];
                }
            }

            naive[b] = Quantile.OfSorted(resample, p);
        }

        Array.Sort(fast);
        Array.Sort(naive);

        // Whole distribution: two-sample Kolmogorov–Smirnov statistic below the 0.1 % critical
        // value sqrt(-ln(0.0005)/2) * sqrt(2/20000) = 0.0195 (conservative for discrete data).
        // An off-by-one in the Beta shapes moves the CDF by ~P(Binomial(200, p) = k) ≥ 0.01 at
        // p = 0.99 and ~0.05 at the median, which this catches.
        Assert.True(KolmogorovSmirnov(fast, naive) < 0.0195, $"KS = {KolmogorovSmirnov(fast, naive)}");

        // The 2.5 % and 97.5 % percentiles: each is an empirical quantile of 20,000 draws, whose
        // CDF position has standard error sqrt(0.025 * 0.975 / 20000) = 0.0011; the difference of
        // two independent ones 0.0016. So the fast percentile must sit, in the naive replicates'
        // CDF, within 4 * 0.0016 = 0.0063 of 2.5 % (and 97.5 %), allowing for ties.
        foreach (double level in new[] { 0.025, 0.975 })
        {
            double fastPercentile = Quantile.OfSorted(fast, level);
            double below = CountBelow(naive, fastPercentile) / (double)Replicates;
            double atOrBelow = CountAtOrBelow(naive, fastPercentile) / (double)Replicates;
            Assert.True(below <= level + 0.0063 && atOrBelow >= level - 0.0063, $"level {level}: F(<) = {below}, F(≤) = {atOrBelow}");
        }
    }

    [Fact]
    public void Single_Fields_AreFilledAndIntervalContainsEstimate()
    {
        var sample = ExactSample.FromUnsorted(QuantileTestData.LogNormal(2_000, seed: 44));
        var estimate = QuantileBootstrap.Single(sample, 0.95, 2_000, 7, 0.9);

        Assert.Equal(Quantile.Of(sample, 0.95), estimate.Value);
        Assert.True(estimate.Low < estimate.Value && estimate.Value < estimate.High);
        Assert.Equal("bootstrap-percentile", estimate.Method);
        Assert.Equal(2_000, estimate.Resamples);
        Assert.Equal(7, estimate.Seed);
        Assert.Equal(0.9, estimate.Confidence);
        Assert.Equal(2_000, estimate.SampleSize);
    }

    [Fact]
    public void Difference_Fields_AreFilledAndIntervalContainsEstimate()
    {
        var baseline = ExactSample.FromUnsorted(QuantileTestData.LogNormal(3_000, seed: 45, median: 100));
        var candidate = ExactSample.FromUnsorted(QuantileTestData.LogNormal(2_000, seed: 46, median: 130));
        var estimate = QuantileBootstrap.Difference(baseline, candidate, 0.95);

        Assert.Equal(Quantile.Of(candidate, 0.95) - Quantile.Of(baseline, 0.95), estimate.Value);
        Assert.True(estimate.Low < estimate.Value && estimate.Value < estimate.High);
        Assert.True(estimate.IsAboveZero);
        Assert.Equal("bootstrap-percentile", estimate.Method);
        Assert.Equal(2_000, estimate.Resamples);
        Assert.Equal(20261122, estimate.Seed);
        Assert.Equal(5_000, estimate.SampleSize);
    }

    [Fact]
    public void Difference_SameSeed_IsDeterministic_OtherSeed_Differs()
    {
        var baseline = ExactSample.FromUnsorted(QuantileTestData.Exponential(1_000, seed: 47));
        var candidate = ExactSample.FromUnsorted(QuantileTestData.Exponential(1_000, seed: 48));

        var first = QuantileBootstrap.Difference(baseline, candidate, 0.9, resamples: 500, seed: 1);
        var again = QuantileBootstrap.Difference(baseline, candidate, 0.9, resamples: 500, seed: 1);
        var other = QuantileBootstrap.Difference(baseline, candidate, 0.9, resamples: 500, seed: 2);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Low, other.Low);
        Assert.NotEqual(first.High, other.High);
        Assert.Equal(first.Value, other.Value);
    }

    [Fact]
    public void Difference_IdenticalArms_IntervalStraddlesZero()
    {
        var arm = ExactSample.FromUnsorted(QuantileTestData.LogNormal(5_000, seed: 49));
        var estimate = QuantileBootstrap.Difference(arm, arm, 0.99);
        Assert.Equal(0, estimate.Value);
        Assert.True(estimate.Low < 0 && estimate.High > 0, estimate.ToString());
    }

    [Fact]
    public void Difference_Histograms_ContainTheExactValuesInterval()
    {
        // The Beta draws depend only on (n, p, seed), so the histogram and exact runs use the same
        // uniforms; the histogram brackets each replicate by ±α, so its interval must contain the
        // exact one, and should not be much wider than the bracket.
        double[] baselineValues = QuantileTestData.LogNormal(50_000, seed: 50, median: 100);
        double[] candidateValues = QuantileTestData.Mixed(60_000, seed: 51);
        var exact = QuantileBootstrap.Difference(ExactSample.FromUnsorted(baselineValues), ExactSample.FromUnsorted(candidateValues), 0.95);
        var approximate = QuantileBootstrap.Difference(Histogram(baselineValues), Histogram(candidateValues), 0.95);

        Assert.True(approximate.Low <= exact.Low && exact.High <= approximate.High, $"exact {exact}, histogram {approximate}");
        double scale = Quantile.Of(ExactSample.FromUnsorted(baselineValues), 0.95) + Quantile.Of(ExactSample.FromUnsorted(candidateValues), 0.95);
        Assert.True(exact.Low - approximate.Low <= 0.025 * scale && approximate.High - exact.High <= 0.025 * scale);
    }

    [Fact]
    public void Difference_HugeArms_RunsWithoutMaterialisingResamples()
    {
        // 10⁷ values per arm in a histogram; 2,000 replicates cost 4,000 pairs of Beta draws.
        var baseline = new LogHistogram();
        var candidate = new LogHistogram();
        baseline.Add(100, 9_500_000);
        baseline.Add(400, 500_000);
        candidate.Add(100, 9_400_000);
        candidate.Add(400, 600_000);

        var estimate = QuantileBootstrap.Difference(baseline, candidate, 0.95);

        // By hand: P95 sits at 0-based rank (10⁷ − 1)·0.95 = 9,499,999.05. The baseline
        // interpolates 100 → 400 at 0.05 (115), the candidate is at 400: a difference of 285,
        // read back through buckets within α of 100 and 400.
        double allowed = LogHistogram.RelativeAccuracy * (115 + 400);
        Assert.InRange(estimate.Value, 285 - allowed, 285 + allowed);
        Assert.True(estimate.Low <= estimate.Value && estimate.Value <= estimate.High, estimate.ToString());
        Assert.Equal(20_000_000, estimate.SampleSize);
    }

    [Fact]
    public void SampleBeta_HugeShapes_HasTheRightMeanAndVariance()
    {
        // Beta(k, n − k + 1) for n = 10⁷, k = 9.5·10⁶ (the P95 order statistic):
        // mean a/(a+b), variance ab/((a+b)²(a+b+1)). With 20,000 draws the mean's standard error
        // is sd/141 and the variance's relative standard error sqrt(2/20000) = 1 %; allow 4 of each.
        const double A = 9_500_000;
        const double B = 500_001;
        var random = new Random(52);
        var draws = new double[Replicates];
        for (int i = 0; i < draws.Length; i++)
        {
            draws[i] = QuantileBootstrap.SampleBeta(random, A, B);
        }

        double mean = draws.Average();
        double variance = draws.Sum(x => (x - mean) * (x - mean)) / (draws.Length - 1);
        double expectedMean = A / (A + B);
        double expectedVariance = A * B / ((A + B) * (A + B) * (A + B + 1));
        Assert.InRange(mean, expectedMean - (4 * Math.Sqrt(expectedVariance / draws.Length)), expectedMean + (4 * Math.Sqrt(expectedVariance / draws.Length)));
        Assert.InRange(variance / expectedVariance, 0.96, 1.04);
    }

    [Fact]
    public void SampleBetaOneB_HugeShape_HasMeanOneOverBPlusOne()
    {
        // Beta(1, b) has mean 1/(b + 1) and standard deviation ≈ 1/(b + 1); 20,000 draws → 0.7 % error, allow 3 %.
        const double B = 500_000;
        var random = new Random(53);
        double sum = 0;
        for (int i = 0; i < Replicates; i++)
        {
            sum += QuantileBootstrap.SampleBetaOneB(random, B);
        }

        Assert.InRange(sum / Replicates * (B + 1), 0.97, 1.03);
    }

    [Theory]
    [InlineData(1e-10, 1.00000000005e-10)]     // x + x²/2 by hand
    [InlineData(-1e-7, -9.999999500000016e-08)] // python3 -c "import math; print(repr(math.expm1(-1e-7)))"
    [InlineData(1.0, 1.718281828459045)]        // math.expm1(1.0)
    public void ExpM1_KnownValues_FullPrecision(double x, double expected)
    {
        Assert.Equal(expected, QuantileBootstrap.ExpM1(x), Math.Abs(expected) * 1e-15);
    }

    [Fact]
    public void Difference_BadArguments_Throw()
    {
        var arm = new ExactSample([1.0, 2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileBootstrap.Difference(arm, arm, 0.5, resamples: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileBootstrap.Difference(arm, arm, 0.5, confidence: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileBootstrap.Difference(arm, arm, 1.5));
        Assert.Throws<InvalidOperationException>(() => QuantileBootstrap.Difference(arm, new ExactSample([]), 0.5));
    }

    private static LogHistogram Histogram(double[] values)
    {
        var histogram = new LogHistogram();
        foreach (double value in values)
        {
            histogram.Add(value);
        }

        return histogram;
    }

    private static double KolmogorovSmirnov(double[] sortedA, double[] sortedB)
    {
        int i = 0;
        int j = 0;
        double largest = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            double x = Math.Min(sortedA[i], sortedB[j]);
            while (i < sortedA.Length && sortedA[i] <= x)
            {
                i++;
            }

            while (j < sortedB.Length && sortedB[j] <= x)
            {
                j++;
            }

            largest = Math.Max(largest, Math.Abs((i / (double)sortedA.Length) - (j / (double)sortedB.Length)));
        }

        return largest;
    }

    private static int CountBelow(double[] sorted, double x)
    {
        int index = Array.BinarySearch(sorted, x);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == x)
        {
            index--;
        }

        return index;
    }

    private static int CountAtOrBelow(double[] sorted, double x)
    {
        int count = CountBelow(sorted, x);
        while (count < sorted.Length && sorted[count] == x)
        {
            count++;
        }

        return count;
    }
}
