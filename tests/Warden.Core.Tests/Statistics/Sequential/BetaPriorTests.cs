using Warden.Core.Statistics.Sequential;

namespace Warden.Core.Tests.Statistics.Sequential;

public sealed class BetaPriorTests
{
    [Theory]
    [InlineData(0.0, 1.0, "A")]
    [InlineData(-1.0, 1.0, "A")]
    [InlineData(double.PositiveInfinity, 1.0, "A")]
    [InlineData(double.NaN, 1.0, "A")]
    [InlineData(1.0, 0.0, "B")]
    [InlineData(1.0, double.NaN, "B")]
    public void Constructor_NotFiniteOrNotPositive_ThrowsNamingTheParameter(double a, double b, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BetaPrior(a, b));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Constructor_SmallestPositive_IsAccepted()
    {
        var prior = new BetaPrior(double.Epsilon, 1);

        Assert.Equal(double.Epsilon, prior.A);
        Assert.Equal(1.0, prior.B);
    }

    // Mean min(3·rate, (1 + rate)/2) with A = 2: the cap takes over at rate = 1/5.
    [Theory]
    [InlineData(0.01, 2.0, 64.66666666666667)]
    [InlineData(0.05, 2.0, 11.333333333333334)]
    [InlineData(0.2, 2.0, 1.3333333333333333)]
    [InlineData(0.5, 2.0, 0.6666666666666666)]
    public void ForThreshold_Rates_MeanThreeTimesRateCapped(double rate, double a, double b)
    {
        var prior = BetaPrior.ForThreshold(rate);

        Assert.Equal(a, prior.A);
        Assert.Equal(b, prior.B, 1e-12);
        Assert.True(prior.A / (prior.A + prior.B) > rate);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void ForThreshold_OutsideUnitInterval_Throws(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BetaPrior.ForThreshold(rate));
    }
}
