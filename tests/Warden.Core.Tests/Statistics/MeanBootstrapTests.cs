using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class MeanBootstrapTests
{
    [Fact]
    public void Mean_ConstantValues_ZeroWidthIntervalAtTheValue()
    {
        var e = MeanBootstrap.Mean([0.5, 0.5, 0.5, 0.5], resamples: 500, seed: 1);
        Assert.Equal(0.5, e.Value);
        Assert.Equal(0.5, e.Low);
        Assert.Equal(0.5, e.High);
        Assert.Equal("bootstrap-percentile", e.Method);
        Assert.Equal(500, e.Resamples);
        Assert.Equal(1, e.Seed);
        Assert.Equal(4, e.SampleSize);
    }

    [Fact]
    public void Mean_LargeNormalSample_WidthMatchesNormalTheory()
    {
        // For n = 2,000 values the bootstrap interval of a mean approaches the normal-theory one,
        // x̄ ± 1.959964·s/√n (z from scipy.stats.norm.ppf(0.975)); s and x̄ are computed here from the data.
        var random = new Random(42);
        var values = new double[2000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = 10 + (3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var halfWidth = 1.959964 * sd / Math.Sqrt(values.Length);
        var e = MeanBootstrap.Mean(values, resamples: 4000, seed: 7);
        Assert.Equal(mean, e.Value, 12);
        Assert.InRange(e.High - e.Low, 2 * halfWidth * 0.93, 2 * halfWidth * 1.07);
        Assert.InRange(e.Value, e.Low, e.High);
    }

    [Fact]
    public void Mean_SameSeed_SameInterval_OtherSeed_Differs()
    {
        double[] values = [0.1, 0.9, 0.4, 0.7, 0.3, 0.8, 0.2, 0.6];
        var a = MeanBootstrap.Mean(values, seed: 5);
        var b = MeanBootstrap.Mean(values, seed: 5);
        var c = MeanBootstrap.Mean(values, seed: 6);
        Assert.Equal(a, b);
        Assert.NotEqual((a.Low, a.High), (c.Low, c.High));
    }

    [Fact]
    public void Mean_Empty_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => MeanBootstrap.Mean([]));
        Assert.StartsWith("no values; a mean needs at least one.", ex.Message);
    }
}
