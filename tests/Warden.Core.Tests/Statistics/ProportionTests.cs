using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class ProportionTests
{
    // Newcombe RG (1998a), "Two-sided confidence intervals for the single proportion: comparison
    // of seven methods", Stat Med 17:857–872, Table I, method 3 (Wilson score, no continuity
    // correction), 95 %: 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611,
    // 1/29 → 0.0061–0.1718. Published to 4 decimals.
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    public void Wilson_Newcombe1998aTableI_MatchesPublishedLimits(long successes, long trials, double low, double high)
    {
        var estimate = Proportion.Wilson(successes, trials);

        Assert.Equal((double)successes / trials, estimate.Value, 15);
        Assert.Equal(low, estimate.Low, 0.00005 + 1e-12);
        Assert.Equal(high, estimate.High, 0.00005 + 1e-12);
        Assert.Equal("wilson", estimate.Method);
        Assert.Equal(trials, estimate.SampleSize);
        Assert.Equal(0.95, estimate.Confidence);
    }

    // Reference limits from the textbook Wilson formula in 50-digit decimal arithmetic, so the
    // reference itself has no cancellation error:
    //   from decimal import Decimal as D, getcontext; getcontext().prec = 50
    //   z = D(scipy.stats.norm.ppf((1 + cl) / 2)); p = D(s) / D(n)
    //   c = (p + z*z/(2*n)) / (1 + z*z/n); h = z/(1 + z*z/n) * (p*(1-p)/n + z*z/(4*n*n)).sqrt()
    //   float(c - h), float(c + h)
    [Theory]
    [InlineData(81, 263, 0.95, 0.2552885198782742, 0.36620957698280004)]
    [InlineData(81, 263, 0.99, 0.2401369026876077, 0.38528250231822986)]
    [InlineData(29, 29, 0.95, 0.8830302015002592, 1.0)]
    [InlineData(0, 10_000_000, 0.95, 0.0, 3.841457345014105e-07)]
    [InlineData(3, 10_000_000, 0.95, 1.0202707796246512e-07, 8.821184260515047e-07)]
    [InlineData(5_000_000, 10_000_000, 0.95, 0.49969010254337065, 0.5003098974566293)]
    [InlineData(9_999_997, 10_000_000, 0.95, 0.9999991178815739, 0.999999897972922)]
    [InlineData(10_000_000, 10_000_000, 0.95, 0.9999996158542654, 1.0)]
    [InlineData(1, 1_000_000_000_000, 0.95, 1.7652455493517475e-13, 5.664934265736511e-12)]
    public void Wilson_HighPrecisionReference_MatchesToRelativeOneE12(
        long successes, long trials, double confidence, double low, double high)
    {
        var estimate = Proportion.Wilson(successes, trials, confidence);

        AssertRelative(low, estimate.Low, 1e-12);
        AssertRelative(high, estimate.High, 1e-12);
        Assert.Equal(confidence, estimate.Confidence);
    }

    [Fact]
    public void Wilson_ZeroAndAllSuccesses_EndExactlyAtZeroAndOne()
    {
        Assert.Equal(0.0, Proportion.Wilson(0, 10_000_000).Low);
        Assert.Equal(1.0, Proportion.Wilson(10_000_000, 10_000_000).High);
        Assert.Equal(0.0, Proportion.Wilson(0, 1).Low);
        Assert.Equal(1.0, Proportion.Wilson(1, 1).High);
    }

    [Fact]
    public void Wilson_RandomCounts_IntervalInsideUnitContainsEstimateAndIsMirrorSymmetric()
    {
        var random = new Random(20_240_601);
        for (var i = 0; i < 2_000; i++)
        {
            var trials = (long)Math.Pow(10, random.NextDouble() * 9) + 1;
            var successes = random.NextInt64(trials + 1);
            var estimate = Proportion.Wilson(successes, trials);
            var mirrored = Proportion.Wilson(trials - successes, trials);

            Assert.InRange(estimate.Low, 0.0, estimate.Value);
            Assert.InRange(estimate.High, estimate.Value, 1.0);
            Assert.True(estimate.Low < estimate.High, $"{successes}/{trials}: empty interval");
            // Failures are successes seen from the other side: the interval must mirror.
            Assert.Equal(1 - estimate.High, mirrored.Low, 1e-14);
            Assert.Equal(1 - estimate.Low, mirrored.High, 1e-14);
        }
    }

    [Fact]
    public void Wilson_HigherConfidence_IsWiderOnBothSides()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var trials = random.NextInt64(1, 1_000_000);
            var successes = random.NextInt64(trials + 1);
            var at95 = Proportion.Wilson(successes, trials, 0.95);
            var at99 = Proportion.Wilson(successes, trials, 0.99);

            Assert.True(at99.Low <= at95.Low && at99.High >= at95.High, $"{successes}/{trials}");
            Assert.True(at99.High - at99.Low > at95.High - at95.Low, $"{successes}/{trials}");
        }
    }

    // Newcombe RG (1998b), "Interval estimation for the difference between independent
    // proportions: comparison of eleven methods", Stat Med 17:873–890, Table II, method 10
    // (hybrid score, no continuity correction), 95 %. The same figures are pinned by the propint R
    // package's tests (m-Py/propint, "produces the results reported in Newcombe1998") for (a) and (b).
    // Recomputed with scipy: d ± sqrt(...) of the two Wilson intervals, z = scipy.stats.norm.ppf(0.975).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.0524, 0.3339)]
    [InlineData(9, 10, 3, 10, 0.1705, 0.8090)]
    [InlineData(6, 7, 2, 7, 0.0582, 0.8062)]
    [InlineData(5, 56, 0, 29, -0.0381, 0.1926)]
    [InlineData(0, 10, 0, 20, -0.1611, 0.2775)]
    [InlineData(0, 10, 0, 10, -0.2775, 0.2775)]
    [InlineData(10, 10, 0, 20, 0.6791, 1.0000)]
    [InlineData(10, 10, 0, 10, 0.6075, 1.0000)]
    public void NewcombeDifference_Newcombe1998bTableII_MatchesPublishedLimits(
        long successes1, long trials1, long successes2, long trials2, double low, double high)
    {
        var estimate = Proportion.NewcombeDifference(successes1, trials1, successes2, trials2);

        Assert.Equal(((double)successes1 / trials1) - ((double)successes2 / trials2), estimate.Value, 15);
        Assert.Equal(low, estimate.Low, 0.00005 + 1e-12);
        Assert.Equal(high, estimate.High, 0.00005 + 1e-12);
        Assert.Equal("newcombe", estimate.Method);
        Assert.Equal(trials1 + trials2, estimate.SampleSize);
    }

    // Full-precision values for Table II (a) and (b): with w(s, n) the Wilson limits above,
    // d - sqrt((p1 - l1)**2 + (u2 - p2)**2) and d + sqrt((u1 - p1)**2 + (p2 - l2)**2)
    // in Python floats with z = scipy.stats.norm.ppf(0.975).
    [Theory]
    [InlineData(56, 70, 48, 80, 0.052431472402365065, 0.333872654036906)]
    [InlineData(9, 10, 3, 10, 0.17052272393450302, 0.8090179735354881)]
    public void NewcombeDifference_ScipyReference_MatchesToOneE12(
        long successes1, long trials1, long successes2, long trials2, double low, double high)
    {
        var estimate = Proportion.NewcombeDifference(successes1, trials1, successes2, trials2);

        Assert.Equal(low, estimate.Low, 1e-12);
        Assert.Equal(high, estimate.High, 1e-12);
    }

    [Fact]
    public void NewcombeDifference_RandomCounts_IntervalInsideRangeContainsDeltaAndMirrors()
    {
        var random = new Random(424_242);
        for (var i = 0; i < 2_000; i++)
        {
            var trials1 = (long)Math.Pow(10, random.NextDouble() * 7) + 1;
            var trials2 = (long)Math.Pow(10, random.NextDouble() * 7) + 1;
            var successes1 = random.NextInt64(trials1 + 1);
            var successes2 = random.NextInt64(trials2 + 1);
            var estimate = Proportion.NewcombeDifference(successes1, trials1, successes2, trials2);
            var swapped = Proportion.NewcombeDifference(successes2, trials2, successes1, trials1);

            Assert.InRange(estimate.Low, -1.0, estimate.Value);
            Assert.InRange(estimate.High, estimate.Value, 1.0);
            Assert.Equal(-estimate.High, swapped.Low, 1e-14);
            Assert.Equal(-estimate.Low, swapped.High, 1e-14);
        }
    }

    [Fact]
    public void NewcombeDifference_EqualProportions_ContainsZero()
    {
        var random = new Random(99);
        for (var i = 0; i < 1_000; i++)
        {
            var trials = random.NextInt64(1, 100_000);
            var successes = random.NextInt64(trials + 1);
            var factor = random.Next(1, 50);
            var estimate = Proportion.NewcombeDifference(successes, trials, successes * factor, trials * factor);

            Assert.Equal(0.0, estimate.Value, 15);
            Assert.True(estimate.Low < 0 && estimate.High > 0, $"{successes}/{trials} vs x{factor}");
            Assert.False(estimate.IsAboveZero || estimate.IsBelowZero);
        }
    }

    [Fact]
    public void NewcombeDifference_HigherConfidence_IsWider()
    {
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var trials1 = random.NextInt64(1, 10_000);
            var trials2 = random.NextInt64(1, 10_000);
            var successes1 = random.NextInt64(trials1 + 1);
            var successes2 = random.NextInt64(trials2 + 1);
            var at95 = Proportion.NewcombeDifference(successes1, trials1, successes2, trials2, 0.95);
            var at99 = Proportion.NewcombeDifference(successes1, trials1, successes2, trials2, 0.99);

            Assert.True(at99.Low <= at95.Low && at99.High >= at95.High, $"{successes1}/{trials1} - {successes2}/{trials2}");
            Assert.True(at99.High - at99.Low > at95.High - at95.Low, $"{successes1}/{trials1} - {successes2}/{trials2}");
        }
    }

    [Fact]
    public void NewcombeDifference_LargeArms_DetectsSmallShift()
    {
        // 1.00 % vs 1.10 % error rate on 10⁷ requests each: δ = −0.001, standard error ≈ 4.6e-5,
        // so the interval must exclude 0 and be about ±1.96·4.6e-5 wide.
        var estimate = Proportion.NewcombeDifference(100_000, 10_000_000, 110_000, 10_000_000);

        Assert.Equal(-0.001, estimate.Value, 15);
        Assert.True(estimate.IsBelowZero);
        Assert.Equal(2 * 1.96 * Math.Sqrt((0.01 * 0.99 / 1e7) + (0.011 * 0.989 / 1e7)), estimate.High - estimate.Low, 1e-6);
    }

    [Theory]
    [InlineData(0, 0, "trials", "trials must be positive (got 0)")]
    [InlineData(0, -5, "trials", "trials must be positive (got -5)")]
    [InlineData(-1, 10, "successes", "successes must be between 0 and trials (got successes = -1, trials = 10)")]
    [InlineData(11, 10, "successes", "successes must be between 0 and trials (got successes = 11, trials = 10)")]
    public void Wilson_BadCounts_ThrowsNamingTheValues(long successes, long trials, string parameter, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(successes, trials));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Equal($"{message} (Parameter '{parameter}')", ex.Message);
    }

    [Theory]
    [InlineData(0, 0, 1, 2, "trials1 must be positive (got 0) (Parameter 'trials1')")]
    [InlineData(3, 2, 1, 2, "successes1 must be between 0 and trials1 (got successes1 = 3, trials1 = 2) (Parameter 'successes1')")]
    [InlineData(1, 2, 1, 0, "trials2 must be positive (got 0) (Parameter 'trials2')")]
    [InlineData(1, 2, -4, 2, "successes2 must be between 0 and trials2 (got successes2 = -4, trials2 = 2) (Parameter 'successes2')")]
    public void NewcombeDifference_BadCounts_ThrowsNamingTheArm(
        long successes1, long trials1, long successes2, long trials2, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Proportion.NewcombeDifference(successes1, trials1, successes2, trials2));

        Assert.Equal(message, ex.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(95.0)]
    [InlineData(double.NaN)]
    public void Wilson_ConfidenceOutsideZeroOne_Throws(double confidence)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Proportion.Wilson(1, 2, confidence));

        Assert.Equal(
            $"confidence must be strictly between 0 and 1, e.g. 0.95 (got {confidence}) (Parameter 'confidence')", ex.Message);
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
    {
        var error = expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"expected {expected:R}, got {actual:R} (relative error {error:E2})");
    }
}
