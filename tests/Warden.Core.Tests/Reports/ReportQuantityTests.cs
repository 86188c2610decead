using Warden.Core.Reports;

namespace Warden.Core.Tests.Reports;

public sealed class ReportQuantityTests
{
    public static TheoryData<string, double, string> Values => new()
    {
        { "ms", 47.84, "47.8 ms" },
        { "delta-ms", -1.25, "-1.3 ms" },   // .NET rounds half away from zero in format strings: -1.25 → -1.3
        { "delta-ms", 14.3, "+14.3 ms" },
        { "delta-ms", -0.04, "0.0 ms" },    // rounds to zero: no sign, no "-0.0"
        { "percent", 0.124, "12.4 %" },
        { "delta-percent", 0.142, "+14.2 %" },
        { "delta-points", 0.08, "+8.0 pts" },
        { "error-percent", 0.004, "0.40 %" },
        { "rps", 130.2, "130.2 rps" },
        { "score", 0.9124, "0.912" },
        { "delta-score", 0.02134, "+0.0213" },
        { "delta-score", -0.00001, "0.0000" },
        { "ms", double.PositiveInfinity, "∞ ms" },
        { "ms", double.NaN, "n/a" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Value_Kind_FormatsInvariantWithUnitAndSign(string kind, double value, string expected)
    {
        Assert.Equal(expected, Quantity(kind).Value(value));
    }

    [Fact]
    public void Interval_SignedQuantity_SignsBothEnds()
    {
        Assert.Equal("+9.1 to +19.3 %", ReportQuantity.DeltaPercent.Interval(0.091, 0.193));
        Assert.Equal("-2.0 to -0.5 ms", ReportQuantity.DeltaMilliseconds.Interval(-2.0, -0.5));
        Assert.Equal("0.120 to ∞", ReportQuantity.Score.Interval(0.12, double.PositiveInfinity));
    }

    private static ReportQuantity Quantity(string kind) => kind switch
    {
        "ms" => ReportQuantity.Milliseconds,
        "delta-ms" => ReportQuantity.DeltaMilliseconds,
        "percent" => ReportQuantity.Percent,
        "delta-percent" => ReportQuantity.DeltaPercent,
        "delta-points" => ReportQuantity.DeltaPoints,
        "error-percent" => ReportQuantity.ErrorPercent,
        "rps" => ReportQuantity.RequestsPerSecond,
        "score" => ReportQuantity.Score,
        _ => ReportQuantity.DeltaScore,
    };
}
