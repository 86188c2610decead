namespace Warden.Core.Statistics;

/// <summary>
/// Sample quantiles as numpy's default <c>np.quantile(x, p)</c> defines them ("linear",
/// Hyndman &amp; Fan method 7): with h = (n − 1)p, the value is
/// x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋]) on the ascending order statistics. Matching numpy
/// lets anyone re-check a Warden number with one line of Python.
/// </summary>
public static class Quantile
{
    /// <summary>The <paramref name="p"/>-quantile of <paramref name="sample"/>, numpy's linear definition.</summary>
    /// <param name="sample">The sample, seen through its order statistics.</param>
    /// <param name="p">Probability in [0, 1], e.g. 0.95 for P95.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="InvalidOperationException">The sample is empty.</exception>
    public static double Of(IOrderStatistics sample, double p)
    {
        ArgumentNullException.ThrowIfNull(sample);
        CheckProbability(p);
        long n = sample.Count;
        if (n <= 0)
        {
            throw new InvalidOperationException("no samples");
        }

        (long below, double fraction) = Position(n, p);
        double lower = sample.ValueAtRank(below);
        return fraction == 0 ? lower : Lerp(lower, sample.ValueAtRank(below + 1), fraction);
    }

    /// <summary>The <paramref name="p"/>-quantile of an already ascending span, numpy's linear definition.</summary>
    /// <param name="sorted">Values in ascending order (not checked).</param>
    /// <param name="p">Probability in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    /// <exception cref="InvalidOperationException">The span is empty.</exception>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        CheckProbability(p);
        if (sorted.IsEmpty)
        {
            throw new InvalidOperationException("no samples");
        }

        (long below, double fraction) = Position(sorted.Length, p);
        double lower = sorted[(int)below];
        return fraction == 0 ? lower : Lerp(lower, sorted[(int)below + 1], fraction);
    }

    /// <summary>
    /// 0-based rank ⌊h⌋ and fraction h − ⌊h⌋ for h = (n − 1)p. The fraction is 0 whenever the
    /// rank is n − 1, so callers never read past the end.
    /// </summary>
    internal static (long Below, double Fraction) Position(long n, double p)
    {
        double h = (n - 1) * p;
        double floor = Math.Floor(h);
        long below = Math.Min((long)floor, n - 1);
        return (below, below == n - 1 ? 0 : h - floor);
    }

    /// <summary>
    /// Interpolates like numpy's <c>_lerp</c>: from the lower end when t &lt; 0.5 and from the
    /// upper end otherwise, so results agree with numpy to the last bit in the usual cases and
    /// never overshoot the upper value.
    /// </summary>
    internal static double Lerp(double a, double b, double t)
    {
        double difference = b - a;
        return t >= 0.5 ? b - (difference * (1 - t)) : a + (difference * t);
    }

    internal static void CheckProbability(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, $"The quantile probability must be in [0, 1]; got {p}.");
        }
    }
}
