using System.Diagnostics;
using MathNet.Numerics.Distributions;
using Warden.Core.Statistics;

namespace Warden.Core.Tests.Statistics;

public sealed class RateTests
{
    // scipy 1.10: lo = scipy.stats.chi2.ppf(a/2, 2*k)/2 (0 when k = 0),
    //             hi = scipy.stats.chi2.ppf(1 - a/2, 2*k + 2)/2, a = 1 - confidence; window 1 s.
    // Counts of 10⁶ and above exercise the Wilson–Hilferty branch.
    [Theory]
    [InlineData(0, 0.95, 0.0, 3.6888794541139354)]
    [InlineData(1, 0.95, 0.025317807984289897, 5.571643390938898)]
    [InlineData(5, 0.95, 1.623486390118421, 11.66833207932267)]
    [InlineData(10, 0.95, 4.7953886961324335, 18.39035604201778)]
    [InlineData(100, 0.95, 81.36399125092315, 121.62679379242638)]
    [InlineData(1000, 0.95, 938.9730184076952, 1063.952136016302)]
    [InlineData(10000, 0.95, 9804.952467260184, 10197.951624661473)]
    [InlineData(100000, 0.95, 99381.15266374472, 100621.74473974388)]
    [InlineData(999999, 0.95, 998039.9843202762, 1001960.9109654503)]
    [InlineData(1000000, 0.95, 998040.9833402939, 1001961.9119454322)]
    [InlineData(10000000, 0.95, 9993802.996884268, 10006199.897731498)]
    [InlineData(100000000, 0.95, 99980401.30732474, 100019601.58707914)]
    [InlineData(0, 0.99, 0.0, 5.298317366548036)]
    [InlineData(1, 0.99, 0.005012541823544286, 7.430129500280121)]
    [InlineData(5, 0.99, 1.0779282406523196, 14.149759411023012)]
    [InlineData(10, 0.99, 3.716922131467116, 21.397827499654273)]
    [InlineData(100, 0.99, 76.12049584368918, 128.76058012010245)]
    [InlineData(1000, 0.99, 920.4240461633592, 1084.3728680643892)]
    [InlineData(10000, 0.99, 9744.295609572955, 10260.473826873618)]
    [InlineData(100000, 0.99, 99187.32963316483, 100817.43103329056)]
    [InlineData(999999, 0.99, 997425.0503091558, 1002577.707576092)]
    [InlineData(1000000, 0.99, 997426.0490212408, 1002578.7088640063)]
    [InlineData(10000000, 0.99, 9991856.390844088, 10008148.36616088)]
    [InlineData(100000000, 0.99, 99974243.585266, 100025761.17146054)]
    public void PoissonPerSecond_ScipyChi2Reference_MatchesToRelativeOneE9(
        long events, double confidence, double low, double high)
    {
        var estimate = Rate.PoissonPerSecond(events, TimeSpan.FromSeconds(1), confidence);

        Assert.Equal(events, estimate.Value);
        AssertRelative(low, estimate.Low, 1e-9);
        AssertRelative(high, estimate.High, 1e-9);
        Assert.Equal("poisson-exact", estimate.Method);
        Assert.Equal(events, estimate.SampleSize);
        Assert.Equal(confidence, estimate.Confidence);
    }

    [Fact]
    public void PoissonPerSecond_ZeroEvents_UpperIsMinusLogHalfAlpha()
    {
        // By hand: P(Poisson(μ) = 0) = e^(−μ) = 0.025 ⇒ μ = −ln 0.025 = 3.6888794541139363;
        // over a 60 s window that is 0.06148... events per second.
        var estimate = Rate.PoissonPerSecond(0, TimeSpan.FromMinutes(1));

        Assert.Equal(0.0, estimate.Value);
        Assert.Equal(0.0, estimate.Low);
        Assert.Equal(3.6888794541139363 / 60, estimate.High, 1e-15);
    }

    [Fact]
    public void PoissonPerSecond_Window_DividesCountAndLimits()
    {
        // 600 events in 60 s: the limits are the k = 600 gamma quantiles divided by 60.
        var perMinute = Rate.PoissonPerSecond(600, TimeSpan.FromSeconds(60));
        var perSecond = Rate.PoissonPerSecond(600, TimeSpan.FromSeconds(1));

        Assert.Equal(10.0, perMinute.Value);
        Assert.Equal(perSecond.Low / 60, perMinute.Low, 1e-12);
        Assert.Equal(perSecond.High / 60, perMinute.High, 1e-12);
    }

    // The Wilson–Hilferty branch (k ≥ 10⁶) against MathNet's own gamma inversion, which is accurate
    // there but slow: the relative difference stays below 1e-8 (measured worst 9.5e-10 at k = 10⁶,
    // confidence 0.999999), far inside the 1e-6 budget, at every confidence Warden allows.
    [Theory]
    [InlineData(1_000_000)]
    [InlineData(3_000_000)]
    [InlineData(100_000_000)]
    public void PoissonPerSecond_WilsonHilfertyBranch_WithinOneE8OfMathNetInversion(long events)
    {
        foreach (var confidence in new[] { 0.5, 0.9, 0.95, 0.99, 0.999, 0.999999 })
        {
            var alpha = 1 - confidence;
            var estimate = Rate.PoissonPerSecond(events, TimeSpan.FromSeconds(1), confidence);

            AssertRelative(Gamma.InvCDF(events, 1.0, alpha / 2), estimate.Low, 1e-8);
            AssertRelative(Gamma.InvCDF(events + 1, 1.0, 1 - (alpha / 2)), estimate.High, 1e-8);
        }
    }

    [Fact]
    public void PoissonPerSecond_AcrossBranchSwitch_LimitsStrictlyIncrease()
    {
        var previous = Rate.PoissonPerSecond(Rate.WilsonHilfertyFrom - 20, TimeSpan.FromSeconds(1));
        for (var k = Rate.WilsonHilfertyFrom - 19; k <= Rate.WilsonHilfertyFrom + 20; k++)
        {
            var current = Rate.PoissonPerSecond(k, TimeSpan.FromSeconds(1));

            // Consecutive k move each limit by about 1; the branch switch must not show as a step.
            Assert.InRange(current.Low - previous.Low, 0.99, 1.01);
            Assert.InRange(current.High - previous.High, 0.99, 1.01);
            previous = current;
        }
    }

    [Fact]
    public void PoissonPerSecond_HundredMillionEvents_TenThousandCallsUnderOneSecond()
    {
        // MathNet's inversion takes ~8 ms per call at k = 10⁸ (80 s for this loop); the closed form
        // takes well under a microsecond, so one second leaves a wide margin on a loaded machine.
        var watch = Stopwatch.StartNew();
        var sum = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            sum += Rate.PoissonPerSecond(100_000_000 + i, TimeSpan.FromSeconds(1)).High;
        }

        Assert.True(sum > 0);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void PoissonPerSecond_RandomCounts_ContainRateWidenWithConfidenceAndGrowWithCount()
    {
        var random = new Random(31_337);
        for (var i = 0; i < 300; i++)
        {
            var events = (long)Math.Pow(10, random.NextDouble() * 8);
            var window = TimeSpan.FromMilliseconds(random.Next(1, 3_600_000));
            var at95 = Rate.PoissonPerSecond(events, window, 0.95);
            var at99 = Rate.PoissonPerSecond(events, window, 0.99);
            var next = Rate.PoissonPerSecond(events + 1, window, 0.95);

            Assert.InRange(at95.Value, at95.Low, at95.High);
            Assert.True(at99.Low <= at95.Low && at99.High > at95.High, $"k = {events}");
            Assert.True(next.Low > at95.Low || events == 0, $"k = {events}");
            Assert.True(next.High > at95.High, $"k = {events}");
        }
    }

    [Theory]
    [InlineData(-1, 1_000, 0.95, "events", "events must be 0 or more (got -1)")]
    [InlineData(5, 0, 0.95, "window", "window must be positive (got 00:00:00)")]
    [InlineData(5, -1_000, 0.95, "window", "window must be positive (got -00:00:01)")]
    [InlineData(5, 1_000, 1.0, "confidence", "confidence must be strictly between 0 and 1, e.g. 0.95 (got 1)")]
    [InlineData(5, 1_000, 0.9999999, "confidence", "confidence must be at most 0.999999 for the exact Poisson interval (got 0.9999999)")]
    public void PoissonPerSecond_BadArguments_ThrowWithValue(
        long events, int windowMilliseconds, double confidence, string parameter, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Rate.PoissonPerSecond(events, TimeSpan.FromMilliseconds(windowMilliseconds), confidence));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Equal($"{message} (Parameter '{parameter}')", ex.Message);
    }

    private static void AssertRelative(double expected, double actual, double tolerance)
    {
        var error = expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"expected {expected:R}, got {actual:R} (relative error {error:E2})");
    }
}
