using System.Globalization;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>
/// How numbers are written in check reasons and targets: invariant culture, signed deltas
/// (<c>+12.3 %</c>), interval labels from the estimate's own confidence (<c>CI95</c>), and
/// unbounded interval ends written as <c>∞</c> rather than a misleading large number.
/// </summary>
internal static class CheckText
{
    /// <summary>Digits of an observed value in ms, req/s or percent.</summary>
    internal const string OneDecimal = "0.0";

    /// <summary>Digits of a threshold: as short as it was written (50, 0.95, 2.5).</summary>
    internal const string Threshold = "0.##";

    internal static string Number(double value, string format) => value switch
    {
        double.PositiveInfinity => "∞",
        double.NegativeInfinity => "-∞",
        double.NaN => "NaN",
        _ => value.ToString(format, CultureInfo.InvariantCulture),
    };

    // The third section writes a value that rounds to zero without a sign, so -0.04 reads "0.0".
    internal static string Signed(double value, string format) => value switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "-∞",
        double.NaN => "NaN",
        _ => value.ToString($"+{format};-{format};{format}", CultureInfo.InvariantCulture),
    };

    /// <summary>A fraction as signed percent with one decimal: 0.123 → <c>+12.3 %</c>.</summary>
    internal static string SignedPercent(double fraction) => Signed(fraction * 100, OneDecimal) + " %";

    /// <summary>A threshold fraction as signed percent: 0.1 → <c>+10 %</c>.</summary>
    internal static string SignedPercentThreshold(double fraction) => Signed(fraction * 100, Threshold) + " %";

    /// <summary>A threshold fraction as percent: 0.05 → <c>5 %</c>.</summary>
    internal static string PercentThreshold(double fraction) => Number(fraction * 100, Threshold) + " %";

    /// <summary><c>CI95</c> for 0.95, <c>CI97.5</c> for 0.975.</summary>
    internal static string Label(Estimate estimate) =>
        "CI" + (estimate.Confidence * 100).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary><c>CI95 [a, b]</c> with each bound written by <paramref name="bound"/>.</summary>
    internal static string Interval(Estimate estimate, Func<double, string> bound) =>
        $"{Label(estimate)} [{bound(estimate.Low)}, {bound(estimate.High)}]";

    internal static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The first 8 hex digits, as evidence ids show them.</summary>
    internal static string ShortHash(string? sha256) => sha256 switch
    {
        null or "" => "none",
        { Length: > 8 } => sha256[..8],
        _ => sha256,
    };

    /// <summary>"problem" or "problem and 2 more", so a reason stays one sentence while Details list them all.</summary>
    internal static string FirstAndMore(IReadOnlyList<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => $"{items[0]} and {Count(items.Count - 1)} more",
    };

    /// <summary>"1 item", "2 items".</summary>
    internal static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{Count(count)} {noun}s";
}
