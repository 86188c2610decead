using System.Globalization;
using Warden.Core.Statistics;

namespace Warden.Cli.Output;

/// <summary>How numbers look in tables: fixed decimals, invariant culture, intervals in brackets.</summary>
internal static class Numbers
{
    /// <summary><c>22.41 [21.90, 23.02]</c>; a missing bound shows as <c>-∞</c> / <c>+∞</c>.</summary>
    public static string WithInterval(Estimate e, string format) =>
        $"{e.Value.ToString(format, CultureInfo.InvariantCulture)} {Interval(e, format)}";

    /// <summary><c>[21.90, 23.02]</c>.</summary>
    public static string Interval(Estimate e, string format) =>
        $"[{Bound(e.Low, format)}, {Bound(e.High, format)}]";

    /// <summary>A proportion as a percentage with its interval: <c>0.41 % [0.30, 0.55]</c>.</summary>
    public static string PercentWithInterval(Estimate e) =>
        $"{(100 * e.Value).ToString("0.00", CultureInfo.InvariantCulture)} % [{Bound(100 * e.Low, "0.00")}, {Bound(100 * e.High, "0.00")}]";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Bound(double value, string format) => value switch
    {
        double.NegativeInfinity => "-∞",
        double.PositiveInfinity => "+∞",
        _ => value.ToString(format, CultureInfo.InvariantCulture),
    };
}
