using System.Globalization;

namespace Warden.Core.Reports;

/// <summary>
/// How one kind of number is written in a report: its scale (fractions shown as %), decimals,
/// unit and whether a sign is shown (deltas). Invariant culture, ASCII minus.
/// </summary>
internal sealed record ReportQuantity(string Format, string Unit, double Scale, bool Signed)
{
    public static readonly ReportQuantity Milliseconds = new("0.0", " ms", 1, false);
    public static readonly ReportQuantity DeltaMilliseconds = new("0.0", " ms", 1, true);
    public static readonly ReportQuantity Percent = new("0.0", " %", 100, false);
    public static readonly ReportQuantity DeltaPercent = new("0.0", " %", 100, true);
    public static readonly ReportQuantity DeltaPoints = new("0.0", " pts", 100, true);
    public static readonly ReportQuantity ErrorPercent = new("0.00", " %", 100, false);
    public static readonly ReportQuantity RequestsPerSecond = new("0.0", " rps", 1, false);
    public static readonly ReportQuantity Score = new("0.000", string.Empty, 1, false);
    public static readonly ReportQuantity DeltaScore = new("0.0000", string.Empty, 1, true);
    public static readonly ReportQuantity Plain = new("0.####", string.Empty, 1, false);

    /// <summary>The number alone, e.g. <c>+14.2</c>; infinities as ∞.</summary>
    public string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        var text = (value * Scale).ToString(Format, CultureInfo.InvariantCulture);
        var isZero = IsZero(text);
        if (isZero && text.StartsWith('-'))
        {
            // A value that rounds to zero is shown as zero, not "-0.0".
            text = text[1..];
        }

        return Signed && !isZero && value > 0 ? "+" + text : text;
    }

    /// <summary>The number with its unit, e.g. <c>47.8 ms</c>; NaN is plain <c>n/a</c>.</summary>
    public string Value(double value) => double.IsNaN(value) ? "n/a" : Number(value) + Unit;

    /// <summary>An interval, e.g. <c>46.9 to 48.6 ms</c>.</summary>
    public string Interval(double low, double high) => $"{Number(low)} to {Number(high)}{Unit}";

    private static bool IsZero(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '1' and <= '9')
            {
                return false;
            }
        }

        return true;
    }
}
