using Warden.Core.Statistics.Sequential;

namespace Warden.Core.Tests.Statistics.Sequential;

public sealed class BernoulliConfidenceSequenceTests
{
    // Expected values computed independently in python3 3.11 (math.lgamma only, bisection run for
    // 200 halvings, far below double resolution):
    //   import math
    //   def lbeta(x, y): return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)
    //   def logm(s, n, p, a, b):
    //       return lbeta(a + s, b + n - s) - lbeta(a, b) - s * math.log(p) - (n - s) * math.log(1 - p)
    //   def bounds(s, n, alpha, a, b):
    //       if n == 0: return 0.0, 1.0
    //       t = math.log(1 / alpha); mle = s / n
    //       def cross(out, ins):
    //           for _ in range(200):
    //               mid = (out + ins) / 2
    //               if logm(s, n, mid, a, b) >= t: out = mid
    //               else: ins = mid
    //           return out
    //       return (0.0 if s == 0 else cross(0.0, mle)), (1.0 if s == n else cross(1.0, mle))
    // Priors: Beta(2, 64.67) and Beta(2, 11.33) are BetaPrior.ForThreshold(0.01) and (0.05).
    [Theory]
    [InlineData(0, 0, 0.01, 0.05, 1, 1, 0.0, 0.0, 1.0)]
    [InlineData(0, 100, 0.01, 0.01, 2, 64.66666666666667, -0.8550300701330287, 0.0, 0.06260669762518839)]
    [InlineData(3, 100, 0.01, 0.002, 2, 64.66666666666667, 0.8333117520377137, 0.0012515084286362009, 0.13607409417976774)]
    [InlineData(30, 1000, 0.01, 0.002, 2, 64.66666666666667, 11.736695959956684, 0.013463219958204443, 0.056019304330951654)]
    [InlineData(50, 50, 0.05, 0.002, 2, 11.333333333333334, 124.78436087410789, 0.5356163077283262, 1.0)]
    [InlineData(0, 5000, 0.05, 0.01, 1, 1, 247.9490787663367, 0.0, 0.0026210716490933654)]
    [InlineData(120, 10000, 0.01, 0.002, 0.5, 0.5, -2.9325188567621296, 0.007576574257734707, 0.01785709202860614)]
    [InlineData(700, 10000, 0.05, 0.05, 2, 11.333333333333334, 34.129132093706176, 0.06116093314206692, 0.07958597577460841)]
    [InlineData(1, 1, 0.5, 0.1, 1, 1, 3.3306690738754696e-16, 0.05000000000000002, 1.0)]
    public void LogMixtureAndBounds_PythonReference_Match(
        long events, long trials, double rate, double alpha, double a, double b, double logMixture, double lower, double upper)
    {
        var prior = new BetaPrior(a, b);

        Assert.Equal(logMixture, BernoulliConfidenceSequence.LogMixture(events, trials, rate, prior), 1e-9);
        var bounds = BernoulliConfidenceSequence.Bounds(events, trials, alpha, prior);
        Assert.Equal(lower, bounds.Lower, 1e-10);
        Assert.Equal(upper, bounds.Upper, 1e-10);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1_000)]
    [InlineData(17, 1_000)]
    [InlineData(1_000, 1_000)]
    [InlineData(4, 10)]
    public void Bounds_EdgeCounts_OutsideEndsAreExactAndEachLimitIsExcluded(long events, long trials)
    {
        var prior = BetaPrior.ForThreshold(0.01);
        const double Alpha = 0.002;

        var bounds = BernoulliConfidenceSequence.Bounds(events, trials, Alpha, prior);

        Assert.InRange(bounds.Lower, 0.0, trials == 0 ? 0.0 : (double)events / trials);
        Assert.InRange(bounds.Upper, trials == 0 ? 1.0 : (double)events / trials, 1.0);
        if (events == 0)
        {
            Assert.Equal(0.0, bounds.Lower);
        }
        else
        {
            // The limit returned is the excluded end of the last bracket: conservative.
            Assert.True(BernoulliConfidenceSequence.Excludes(events, trials, bounds.Lower, Alpha, prior));
            Assert.False(BernoulliConfidenceSequence.Excludes(events, trials, bounds.Lower + 2e-10, Alpha, prior));
        }

        if (events == trials)
        {
            Assert.Equal(1.0, bounds.Upper);
        }
        else
        {
            Assert.True(BernoulliConfidenceSequence.Excludes(events, trials, bounds.Upper, Alpha, prior));
            Assert.False(BernoulliConfidenceSequence.Excludes(events, trials, bounds.Upper - 2e-10, Alpha, prior));
        }
    }

    // The threshold row: α chosen so that ln(1/α) equals ln M_n exactly in doubles → excluded
    // (Ville's bound is on M ≥ 1/α); ln(1/α) one part in 10⁹ above it → not excluded.
    [Theory]
    [InlineData(30, 1_000, 0.01)]
    [InlineData(9, 300, 0.01)]
    [InlineData(15, 100, 0.05)]
    [InlineData(60, 100, 0.2)]
    public void Excludes_ExactlyAtThreshold_ExcludesAndJustAboveDoesNot(long events, long trials, double rate)
    {
        var prior = BetaPrior.ForThreshold(rate);
        var logMixture = BernoulliConfidenceSequence.LogMixture(events, trials, rate, prior);
        Assert.InRange(logMixture, 0.1, 700);
        var alpha = AlphaWithLogInverseExactly(logMixture);

        Assert.True(BernoulliConfidenceSequence.Excludes(events, trials, rate, alpha, prior));
        Assert.True(BernoulliConfidenceSequence.ExceedsRate(events, trials, rate, alpha, prior));
        var stricter = Math.Exp(-logMixture * (1 + 1e-9));
        Assert.False(BernoulliConfidenceSequence.Excludes(events, trials, rate, stricter, prior));
        Assert.False(BernoulliConfidenceSequence.ExceedsRate(events, trials, rate, stricter, prior));
    }

    [Theory]
    [InlineData(0, 1_000, 0.05, false)] // far below the rate: excluded, but on the wrong side
    [InlineData(10, 1_000, 0.01, false)] // exactly at the rate: s/n > rate fails
    [InlineData(11, 1_000, 0.01, false)] // just above, not significant
    [InlineData(30, 1_000, 0.01, true)]
    [InlineData(0, 0, 0.01, false)]
    public void ExceedsRate_Table_OnlyAboveAndSignificant(long events, long trials, double rate, bool expected)
    {
        var prior = BetaPrior.ForThreshold(rate);

        Assert.Equal(expected, BernoulliConfidenceSequence.ExceedsRate(events, trials, rate, 0.002, prior));
    }

    [Fact]
    public void ExceedsRate_RandomCounts_AgreesWithLowerBoundAboveRate()
    {
        var random = new Random(20_261_205);
        var prior = BetaPrior.ForThreshold(0.01);
        for (var i = 0; i < 2_000; i++)
        {
            var trials = random.NextInt64(1, 20_000);
            var events = random.NextInt64((trials / 20) + 1);
            var bounds = BernoulliConfidenceSequence.Bounds(events, trials, 0.002, prior);
            var exceeds = BernoulliConfidenceSequence.ExceedsRate(events, trials, 0.01, 0.002, prior);

            // Bounds carry a 1e-10 bisection margin; skip the knife-edge cases inside it.
            if (Math.Abs(bounds.Lower - 0.01) > 1e-9)
            {
                Assert.Equal(bounds.Lower > 0.01, exceeds);
            }
        }
    }

    [Theory]
    [InlineData(-1, 10, 0.01, 0.01, "events")]
    [InlineData(11, 10, 0.01, 0.01, "events")]
    [InlineData(0, -1, 0.01, 0.01, "trials")]
    [InlineData(1, 10, 0.0, 0.01, "rate")]
    [InlineData(1, 10, 1.0, 0.01, "rate")]
    [InlineData(1, 10, double.NaN, 0.01, "rate")]
    [InlineData(1, 10, 0.01, 0.0, "alpha")]
    [InlineData(1, 10, 0.01, 1.0, "alpha")]
    [InlineData(1, 10, 0.01, double.NaN, "alpha")]
    public void ExceedsRate_OutOfRange_ThrowsNamingTheArgument(long events, long trials, double rate, double alpha, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => BernoulliConfidenceSequence.ExceedsRate(events, trials, rate, alpha, new BetaPrior(1, 1)));

        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void Bounds_DefaultPrior_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => BernoulliConfidenceSequence.Bounds(1, 10, 0.01, default));

        Assert.Equal("prior", error.ParamName);
    }

    private static double AlphaWithLogInverseExactly(double logInverse)
    {
        var alpha = Math.Exp(-logInverse);
        for (var step = 0; step < 64; step++)
        {
            var candidates = new[] { alpha, Math.BitIncrement(alpha), Math.BitDecrement(alpha) };
            foreach (var candidate in candidates)
            {
                if (Math.Log(1 / candidate) == logInverse)
                {
                    return candidate;
                }
            }

            alpha = Math.Log(1 / alpha) > logInverse ? Math.BitIncrement(alpha) : Math.BitDecrement(alpha);
        }

        throw new InvalidOperationException($"No double alpha has ln(1/alpha) == {logInverse:R}.");
    }
}
