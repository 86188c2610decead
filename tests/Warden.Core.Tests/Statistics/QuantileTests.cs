using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class QuantileTests
{
    private static readonly double[] Ties = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    private static readonly double[] Skewed = [0.5, 2.25, 2.25, 2.25, 10.0, 100.0];

    /// <summary>x_i = (i·7919 mod 1009)/7 for i = 1..1000: 1,000 distinct-ish values, rebuildable in Python.</summary>
    private static double[] Modular()
    {
        var values = new double[1000];
        for (int i = 1; i <= 1000; i++)
        {
            values[i - 1] = (i * 7919 % 1009) / 7.0;
        }

        return values;
    }

    // Expected values: numpy 1.24, e.g.
    // python3 -c "import numpy as np; print([repr(float(np.quantile([3,1,4,1,5,9,2,6,5,3,5], p))) for p in [0,0.1,0.25,0.5,0.9,0.95,0.99,1]])"
    // and the same for [0.5,2.25,2.25,2.25,10.0,100.0] and [(i*7919 % 1009)/7.0 for i in range(1,1001)].
    [Theory]
    [InlineData("ties", 0.0, 1.0)]
    [InlineData("ties", 0.1, 1.0)]
    [InlineData("ties", 0.25, 2.5)]
    [InlineData("ties", 0.5, 4.0)]
    [InlineData("ties", 0.9, 6.0)]
    [InlineData("ties", 0.95, 7.5)]
    [InlineData("ties", 0.99, 8.700000000000001)]
    [InlineData("ties", 1.0, 9.0)]
    [InlineData("skewed", 0.0, 0.5)]
    [InlineData("skewed", 0.1, 1.375)]
    [InlineData("skewed", 0.25, 2.25)]
    [InlineData("skewed", 0.5, 2.25)]
    [InlineData("skewed", 0.9, 55.0)]
    [InlineData("skewed", 0.95, 77.5)]
    [InlineData("skewed", 0.99, 95.50000000000001)]
    [InlineData("skewed", 1.0, 100.0)]
    [InlineData("modular", 0.0, 0.14285714285714285)]
    [InlineData("modular", 0.1, 14.557142857142857)]
    [InlineData("modular", 0.25, 36.25)]
    [InlineData("modular", 0.5, 72.21428571428572)]
    [InlineData("modular", 0.9, 129.5857142857143)]
    [InlineData("modular", 0.95, 136.8642857142857)]
    [InlineData("modular", 0.99, 142.57285714285715)]
    [InlineData("modular", 1.0, 144.0)]
    public void Of_NumpyKnownAnswers_MatchesToTheLastBits(string data, double p, double expected)
    {
        double[] values = data switch
        {
            "ties" => Ties,
            "skewed" => Skewed,
            _ => Modular(),
        };

        var sample = ExactSample.FromUnsorted(values);
        Assert.Equal(expected, Quantile.Of(sample, p));
        Assert.Equal(expected, Quantile.OfSorted(sample.Sorted, p));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.37)]
    [InlineData(0.95)]
    [InlineData(1.0)]
    public void Of_SingleValue_ReturnsIt(double p)
    {
        // np.quantile([7.5], p) == 7.5 for every p.
        Assert.Equal(7.5, Quantile.Of(new ExactSample([7.5]), p));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Of_ProbabilityOutsideUnitInterval_Throws(double p)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Of(new ExactSample([1.0, 2.0]), p));
        Assert.Equal("p", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.OfSorted([1.0, 2.0], p));
    }

    [Fact]
    public void Of_EmptySample_ThrowsNoSamples()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Quantile.Of(new ExactSample([]), 0.5));
        Assert.Equal("no samples", ex.Message);
        Assert.Throws<InvalidOperationException>(() => Quantile.OfSorted([], 0.5));
    }

    [Fact]
    public void Of_IncreasingProbability_IsMonotone()
    {
        var sample = ExactSample.FromUnsorted(QuantileTestData.LogNormal(997, seed: 5));
        double previous = double.NegativeInfinity;
        for (int i = 0; i <= 1000; i++)
        {
            double value = Quantile.Of(sample, i / 1000.0);
            Assert.True(value >= previous, $"quantile fell at p = {i / 1000.0}: {value} < {previous}");
            previous = value;
        }
    }

    [Fact]
    public void ExactSample_FromUnsorted_SortsCopyAndLeavesInput()
    {
        double[] input = [5, -1, 3];
        var sample = ExactSample.FromUnsorted(input);
        Assert.Equal([5.0, -1.0, 3.0], input);
        Assert.Equal([-1.0, 3.0, 5.0], sample.Sorted.ToArray());
        Assert.Equal(3, sample.Count);
        Assert.Equal(5.0, sample.ValueAtRank(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => sample.ValueAtRank(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => sample.ValueAtRank(-1));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void ExactSample_NonFiniteValue_Throws(double bad)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExactSample([1.0, bad]));
    }
}
