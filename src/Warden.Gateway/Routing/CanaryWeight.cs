using System.Globalization;

namespace Warden.Gateway.Routing;

/// <summary>
/// Canary weights as people write them (percent, 0–100, two decimals at most) and as the route
/// table keeps them (basis points, 0–10,000). Config and the admin API share these rules and message.
/// </summary>
internal static class CanaryWeight
{
    /// <summary>
    /// Converts <paramref name="percent"/> to basis points. False when it is not finite, outside
    /// 0–100, or finer than 0.01 % (12.345 would have to be rounded, and rounding silently would
    /// route a share nobody asked for).
    /// </summary>
    public static bool TryToBasisPoints(double percent, out int basisPoints)
    {
        basisPoints = 0;
        if (!double.IsFinite(percent) || percent < 0 || percent > 100)
        {
            return false;
        }

        var scaled = percent * 100;
        var rounded = Math.Round(scaled);

        // 12.35 * 100 is 1234.9999999999998 in binary floating point: allow that much, no more.
        if (Math.Abs(scaled - rounded) > 1e-6)
        {
            return false;
        }

        basisPoints = (int)rounded;
        return true;
    }

    /// <summary>The one message for a weight <see cref="TryToBasisPoints"/> refuses.</summary>
    public static string Problem(string written) =>
        $"canary weight must be 0–100 (percent, 0.01 resolution); currently {written}";

    /// <summary>The message for a refused weight given as a number.</summary>
    public static string Problem(double percent) => Problem(percent.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Basis points as percent.</summary>
    public static double ToPercent(int basisPoints) => basisPoints / 100.0;

    /// <summary>Basis points as percent text, shortest form: <c>5</c>, <c>12.5</c>, <c>0.01</c>.</summary>
    public static string Format(int basisPoints) => ToPercent(basisPoints).ToString("0.##", CultureInfo.InvariantCulture);
}
