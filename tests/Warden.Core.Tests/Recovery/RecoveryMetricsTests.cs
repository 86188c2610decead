using Warden.Core.Recovery;

namespace Warden.Core.Tests.Recovery;

/// <summary>The metrics' intervals against values computed outside this code.</summary>
public sealed class RecoveryMetricsTests
{
    private static readonly DateTimeOffset Now = RecoveryFixture.Now;

    /// <summary>
    /// Ten RTOs 1..10 s. The median is the mean of the 5th and 6th (5.5 s). The order-statistic CI95,
    /// by hand: with B ~ Binomial(10, 0.5), P(B ≤ 1) = 11/1024 = 0.0107 ≤ 0.025 but P(B ≤ 2) =
    /// 56/1024 = 0.0547 > 0.025, so the lower rank is 1 + 1 = 2; by symmetry P(B ≥ 9) = 11/1024 ≤
    /// 0.025 and P(B ≥ 8) = 56/1024 > 0.025, so the upper rank is 9: [x₍₂₎, x₍₉₎] = [2 s, 9 s].
    /// </summary>
    [Fact]
    public void Assess_TenRtos_MedianWithOrderStatisticInterval()
    {
        var runs = Enumerable.Range(1, 10)
            .Select(i => RecoveryFixture.Drill($"drill-{i:00}", "error_rate", Now.AddHours(-i), rto: 11 - i))
            .ToList();

        var rto = RollbackOfficer.Assess(RecoveryFixture.Input(runs)).Rto.Observed!;

        Assert.Equal(5.5, rto.Value, 12);
        Assert.Equal(2, rto.Low, 12);
        Assert.Equal(9, rto.High, 12);
        Assert.Equal("order-statistic", rto.Method);
        Assert.Equal(10, rto.SampleSize);
    }

    /// <summary>With five runs P(B ≤ 0) = 1/32 = 0.03125 > 0.025: no finite bound on either side (needs n ≥ 6).</summary>
    [Fact]
    public void Assess_FiveRpos_IntervalUnbounded()
    {
        var runs = Enumerable.Range(1, 5)
            .Select(i => RecoveryFixture.Drill($"drill-{i}", "error_rate", Now.AddHours(-i), rpo: 10 * i))
            .ToList();

        var rpo = RollbackOfficer.Assess(RecoveryFixture.Input(runs)).Rpo.Observed!;

        Assert.Equal(30, rpo.Value, 12);
        Assert.Equal(double.NegativeInfinity, rpo.Low);
        Assert.Equal(double.PositiveInfinity, rpo.High);
    }

    /// <summary>
    /// Wilson 95 % limits from python3 (z = 1.959963984540054):
    /// <code>
    /// p=s/n; d=1+z*z/n; c=(p+z*z/(2*n))/d; h=z*sqrt(p*(1-p)/n+z*z/(4*n*n))/d; (c-h, c+h)
    /// </code>
    /// </summary>
    [Theory]
    [InlineData(9, 10, 0.5958499732, 0.9821237869)]
    [InlineData(10, 10, 0.7224672001, 1.0)]
    [InlineData(19, 20, 0.7638688066, 0.9911185512)]
    [InlineData(5, 6, 0.4364971778, 0.9699466303)]
    public void Assess_SuccessRate_WilsonInterval(int successes, int runs, double low, double high)
    {
        var list = Enumerable.Range(0, runs)
            .Select(i => RecoveryFixture.Drill($"drill-{i:00}", "error_rate", Now.AddMinutes(-i - 1), success: i >= runs - successes))
            .ToList();

        var rate = RollbackOfficer.Assess(RecoveryFixture.Input(list)).SuccessRate.Observed!;

        Assert.Equal((double)successes / runs, rate.Value, 12);
        Assert.Equal(low, rate.Low, 9);
        Assert.Equal(high, rate.High, 9);
        Assert.Equal("wilson", rate.Method);
    }
}
