using Warden.Gateway.Routing;

namespace Warden.Gateway.Tests.Routing;

public sealed class CanaryWeightTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.01, 1)]
    [InlineData(5, 500)]
    [InlineData(12.5, 1250)]
    [InlineData(12.35, 1235)]
    [InlineData(33.33, 3333)]
    [InlineData(100, 10_000)]
    public void TryToBasisPoints_Valid_Converts(double percent, int basisPoints)
    {
        Assert.True(CanaryWeight.TryToBasisPoints(percent, out var actual));
        Assert.Equal(basisPoints, actual);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(100.01)]
    [InlineData(120)]
    [InlineData(12.345)]
    [InlineData(0.001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TryToBasisPoints_Invalid_Refused(double percent)
    {
        Assert.False(CanaryWeight.TryToBasisPoints(percent, out _));
    }

    [Fact]
    public void Problem_Weight120_MessageGivesRangeResolutionAndValue()
    {
        Assert.Equal("canary weight must be 0–100 (percent, 0.01 resolution); currently 120", CanaryWeight.Problem(120));
    }

    [Theory]
    [InlineData(1250, "12.5")]
    [InlineData(500, "5")]
    [InlineData(1, "0.01")]
    public void Format_BasisPoints_ShortestPercent(int basisPoints, string text)
    {
        Assert.Equal(text, CanaryWeight.Format(basisPoints));
    }
}
