using Warden.Core.Guard;
using Warden.Core.Policy;

namespace Warden.Core.Tests.Guard;

/// <summary>
/// The rollback triggers at their boundaries. Expected values come from an independent python3
/// computation (math.lgamma, its own bisection to 200 halvings), not from this code:
/// <code>
/// def lB(a,b): return lgamma(a)+lgamma(b)-lgamma(a+b)
/// def lm(s,n,p,a,b): return lB(a+s,b+n-s)-lB(a,b)-s*log(p)-(n-s)*log(1-p)
/// prior(r): m=min(3r,(1+r)/2); (2, 2(1-m)/m)        # BetaPrior.ForThreshold
/// one-sample trips when s/n > p0 and lm(s,n,p0,*prior(p0)) >= log(1/0.002)
/// two-sample bound = lower(s,n, alpha/2) - upper(rs,rn, alpha/2), bounds = {p : lm(s,n,p) < log(1/alpha)}
/// </code>
/// The default policy: false alarm 1 % over 5 statistical triggers, so α = 0.002 per trigger.
/// </summary>
public sealed class RollbackTriggersTests
{
    private static readonly VerdictPolicy Policy = new();

    [Theory]
    // errors, requests, tripped. Threshold 1 %: at 200 requests python finds 10 errors the first to trip
    // (log evidence 7.083 ≥ 6.215; 9 errors give 5.630); at 1,000 requests, 25 (6.649; 24 give 5.743).
    [InlineData(9, 200, false)]
    [InlineData(10, 200, true)]
    [InlineData(24, 1000, false)]
    [InlineData(25, 1000, true)]
    // Exactly at the limit (2 of 200 = 1 %, and 100,000 of 10 million): never above it, however many requests.
    [InlineData(2, 200, false)]
    [InlineData(100_000, 10_000_000, false)]
    [InlineData(0, 0, false)]
    public void Evaluate_ErrorRate_TripsAtTheIndependentBoundary(long errors, long requests, bool tripped)
    {
        var reading = Reading(new GuardInput { Guarded = new GuardCounts(requests, errors, 0, 0, 0, 0, 0) }, GuardTrigger.ErrorRate);

        Assert.Equal(tripped, reading.Tripped);
        Assert.Equal(0.01, reading.Threshold);
    }

    [Theory]
    // spend, errors of 200, tripped. A window spending a share of the trigger's α needs more
    // evidence: python finds 10 of 200 the first to trip at spend 1/2 (7.083 ≥ ln(1/0.001) = 6.908),
    // 11 at spend 1/4 (8.627 ≥ 7.601; 10 give 7.083) and 12 at spend 1/12 (10.255 ≥ 8.700; 11 give 8.627).
    [InlineData(0.5, 9, false)]
    [InlineData(0.5, 10, true)]
    [InlineData(0.25, 10, false)]
    [InlineData(0.25, 11, true)]
    [InlineData(1.0 / 12, 11, false)]
    [InlineData(1.0 / 12, 12, true)]
    public void Evaluate_Spend_NeedsTheWindowsShareOfTheEvidence(double spend, long errors, bool tripped)
    {
        var reading = Reading(new GuardInput { Guarded = new GuardCounts(200, errors, 0, 0, 0, 0, 0), Spend = spend }, GuardTrigger.ErrorRate);

        Assert.Equal(tripped, reading.Tripped);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    public void Evaluate_SpendOutsideZeroToOne_Throws(double spend) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RollbackTriggers.Evaluate(Policy, new GuardInput { Guarded = default, Spend = spend }));

    [Theory]
    // k, spend: 1 / (2 k (k + 1)).
    [InlineData(1, 0.25)]
    [InlineData(2, 1.0 / 12)]
    [InlineData(6, 1.0 / 84)]
    public void RestartSpend_IsOneOverTwoKKPlusOne(long k, double spend) =>
        Assert.Equal(spend, GuardWindows.RestartSpend(k), 1e-15);

    [Fact]
    public void RestartSpend_WithThePhaseWindow_NeverSpendsMoreThanTheLevel()
    {
        // The series telescopes: sum over k ≤ K of 1/(2k(k+1)) = (1 - 1/(K+1)) / 2, under 1/2 for every K.
        var total = GuardWindows.PhaseSpend;
        for (var k = 1; k <= 1_000_000; k++)
        {
            total += GuardWindows.RestartSpend(k);
        }

        Assert.Equal(1 - (0.5 / 1_000_001), total, 1e-12);
        Assert.True(total < 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => GuardWindows.RestartSpend(0));
    }

    [Fact]
    public void Evaluate_ErrorRate_BoundIsThePythonLowerBound()
    {
        // python: lower bound of 10 of 200 at α = 0.002, prior Beta(2, 64.667) = 0.011150398930546965; 9 of 200: 0.009214123949300296.
        var tripped = Reading(new GuardInput { Guarded = new GuardCounts(200, 10, 0, 0, 0, 0, 0) }, GuardTrigger.ErrorRate);
        var held = Reading(new GuardInput { Guarded = new GuardCounts(200, 9, 0, 0, 0, 0, 0) }, GuardTrigger.ErrorRate);

        Assert.Equal(0.011150398930546965, tripped.Bound, 1e-9);
        Assert.Equal(0.009214123949300296, held.Bound, 1e-9);
        Assert.Equal(0.05, tripped.Observed);
        Assert.Equal("error rate 5.0 % (10 of 200), lower bound 1.115 % above 1.0 %", tripped.Description);
    }

    [Theory]
    // slow, requests, tripped. Threshold 5 % of requests slower than 55 ms: python finds 7 of 20
    // the first to trip (7.123; 6 give 5.291) and 16 of 100 (7.138; 15 give 5.918).
    [InlineData(6, 20, false)]
    [InlineData(7, 20, true)]
    [InlineData(15, 100, false)]
    [InlineData(16, 100, true)]
    [InlineData(5, 100, false)]
    public void Evaluate_LatencyTarget_TripsAtTheIndependentBoundary(long slow, long requests, bool tripped)
    {
        var reading = Reading(new GuardInput { Guarded = new GuardCounts(requests, 0, slow, 0, 0, 0, 0) }, GuardTrigger.LatencyTarget);

        Assert.Equal(tripped, reading.Tripped);
        Assert.StartsWith("share of requests slower than 55 ms (P95 target 50 + 5 ms)", reading.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, 20, false)]
    [InlineData(7, 20, true)]
    public void Evaluate_LatencyDrift_UsesTheDriftCountsOnceArmed(long slow, long requests, bool tripped)
    {
        var input = new GuardInput { Guarded = new GuardCounts(requests, 0, 0, requests, slow, 0, 0), DriftThresholdMs = 23.5 };

        var reading = Reading(input, GuardTrigger.LatencyDrift);

        Assert.Equal(tripped, reading.Tripped);
        Assert.True(reading.Armed);
        Assert.Contains("slower than 23.5 ms", reading.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LatencyDriftWithoutThreshold_IsNotArmed()
    {
        var reading = Reading(new GuardInput { Guarded = new GuardCounts(100, 0, 0, 100, 100, 0, 0) }, GuardTrigger.LatencyDrift);

        Assert.False(reading.Armed);
        Assert.False(reading.Tripped);
    }

    [Theory]
    // canary errors of 200 against production's 0 of 2,000, each arm at α/2 = 0.001 with prior
    // Beta(2, 64.667): python gives L − U = 0.02423 (20 errors), −0.000253 (8), −0.00188 (7).
    [InlineData(20, 0.024232922639488272, true)]
    [InlineData(8, -0.00025282041205024544, false)]
    [InlineData(7, -0.0018835167593514585, false)]
    public void Evaluate_ErrorRateVersusProduction_BoundIsLowerMinusUpper(long errors, double bound, bool tripped)
    {
        var input = new GuardInput { Guarded = new GuardCounts(200, errors, 0, 0, 0, 0, 0), Reference = new GuardCounts(2000, 0, 0, 0, 0, 0, 0) };

        var reading = Reading(input, GuardTrigger.ErrorRateVersusProduction);

        Assert.Equal(bound, reading.Bound, 1e-9);
        Assert.Equal(tripped, reading.Tripped);
    }

    [Theory]
    // Non-compliant answers of 2,000 judged against production's 400 of 2,000 (80 % compliant),
    // prior Beta(1, 1), α/2 each: python gives L − U = 0.020006 for 619 (above the 2-point drop)
    // and 0.019530 for 618 (not above).
    [InlineData(619, 0.02000597098355167, true)]
    [InlineData(618, 0.019529636736004774, false)]
    public void Evaluate_ComplianceDrop_AtTheTwoPointBoundary(long nonCompliant, double bound, bool tripped)
    {
        var input = new GuardInput
        {
            Guarded = new GuardCounts(2000, 0, 0, 0, 0, 2000, 2000 - nonCompliant),
            Reference = new GuardCounts(2000, 0, 0, 0, 0, 2000, 1600),
        };

        var reading = Reading(input, GuardTrigger.ComplianceDrop);

        Assert.Equal(bound, reading.Bound, 1e-9);
        Assert.Equal(tripped, reading.Tripped);
        Assert.Equal(0.02, reading.Threshold, 1e-12);
    }

    [Fact]
    public void Evaluate_WithoutReference_VersusProductionTriggersAreNotArmed()
    {
        var readings = RollbackTriggers.Evaluate(Policy, new GuardInput { Guarded = new GuardCounts(2000, 1000, 0, 0, 0, 2000, 0) });

        Assert.False(readings.Single(r => r.Trigger == GuardTrigger.ComplianceDrop).Armed);
        Assert.False(readings.Single(r => r.Trigger == GuardTrigger.ErrorRateVersusProduction).Armed);
        Assert.True(readings.Single(r => r.Trigger == GuardTrigger.ErrorRate).Tripped);
    }

    [Fact]
    public void FirstTripped_BackendDownAndErrors_NamesTheBackendFirst()
    {
        var readings = RollbackTriggers.Evaluate(Policy, new GuardInput { Guarded = new GuardCounts(200, 200, 0, 0, 0, 0, 0), GuardedDown = true });

        Assert.Equal(
            [GuardTrigger.BackendDown, GuardTrigger.ComplianceDrop, GuardTrigger.LatencyTarget, GuardTrigger.LatencyDrift, GuardTrigger.ErrorRate, GuardTrigger.ErrorRateVersusProduction],
            readings.Select(r => r.Trigger));
        Assert.Equal(GuardTrigger.BackendDown, RollbackTriggers.FirstTripped(readings)!.Trigger);
    }

    [Fact]
    public void Evaluate_HealthyTraffic_NothingTrips()
    {
        var input = new GuardInput
        {
            Guarded = new GuardCounts(10_000, 50, 300, 10_000, 300, 5000, 4000),
            Reference = new GuardCounts(90_000, 450, 2700, 0, 0, 45_000, 36_000),
            DriftThresholdMs = 30,
        };

        Assert.Null(RollbackTriggers.FirstTripped(RollbackTriggers.Evaluate(Policy, input)));
    }

    [Theory]
    [InlineData(0.01, 0.002)]
    [InlineData(0.05, 0.01)]
    public void TriggerAlpha_IsTheLevelSplitOverFiveTriggers(double falseAlarm, double alpha) =>
        Assert.Equal(alpha, RollbackTriggers.TriggerAlpha(new GuardPolicy { FalseAlarm = falseAlarm }), 1e-15);

    [Fact]
    public void GuardCounts_Since_SubtractsAndRestartsFromZeroWhenACounterWentBack()
    {
        var earlier = new GuardCounts(100, 10, 5, 4, 3, 2, 1);

        Assert.Equal(new GuardCounts(50, 5, 5, 6, 7, 8, 9), new GuardCounts(150, 15, 10, 10, 10, 10, 10).Since(earlier));
        Assert.Equal(new GuardCounts(7, 0, 0, 0, 0, 0, 0), new GuardCounts(7, 0, 0, 0, 0, 0, 0).Since(earlier));
    }

    private static TriggerReading Reading(GuardInput input, GuardTrigger trigger) =>
        RollbackTriggers.Evaluate(Policy, input).Single(r => r.Trigger == trigger);
}
