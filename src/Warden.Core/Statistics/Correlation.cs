namespace Warden.Core.Statistics;

/// <summary>
/// Correlation of two paired series (e.g. v1 and v2 scores on the same queries) with Fisher-z
/// confidence intervals.
/// </summary>
public static class Correlation
{
    /// <summary>Message of the <see cref="ArgumentException"/> thrown when a series has zero variance.</summary>
    internal const string ConstantSeriesMessage = "one of the series is constant; correlation is undefined";

    /// <summary>
    /// Pearson's r with the Fisher-z interval tanh(atanh(r) ± z<sub>1−α/2</sub>/sqrt(n − 3)).
    /// Method <c>pearson-fisher-z</c>; with fewer than 4 pairs the interval is [−1, 1] and the
    /// method reads <c>pearson-fisher-z (n &lt; 4: no interval)</c>.
    /// </summary>
    /// <param name="x">First series.</param>
    /// <param name="y">Second series, paired with <paramref name="x"/> by index.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentException">The lengths differ, there are fewer than 2 pairs, a value is NaN or infinite, or a series is constant.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Confidence is outside (0, 1).</exception>
    public static Estimate Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence = 0.95)
    {
        var z = NormalQuantile.TwoSided(confidence);
        Validate(x, y);
        return FisherInterval(PearsonR(x, y), x.Length, z, 1.0, "pearson-fisher-z", confidence);
    }

    /// <summary>
    /// Spearman's ρ (Pearson's r of the average ranks; ties share the mean of their ranks) with the
    /// Fisher-z interval using the Fieller–Hartley–Pearson (1957) standard error sqrt(1.06/(n − 3)).
    /// Method <c>spearman-fisher-z</c>; with fewer than 4 pairs the interval is [−1, 1] and the
    /// method reads <c>spearman-fisher-z (n &lt; 4: no interval)</c>.
    /// </summary>
    /// <param name="x">First series.</param>
    /// <param name="y">Second series, paired with <paramref name="x"/> by index.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentException">The lengths differ, there are fewer than 2 pairs, a value is NaN or infinite, or a series is constant.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Confidence is outside (0, 1).</exception>
    public static Estimate Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence = 0.95)
    {
        var z = NormalQuantile.TwoSided(confidence);
        Validate(x, y);
        var rho = PearsonR(AverageRanks(x), AverageRanks(y));
        return FisherInterval(rho, x.Length, z, 1.06, "spearman-fisher-z", confidence);
    }

    /// <summary>
    /// 1-based ranks in input order; tied values all get the mean of the ranks they span, as
    /// scipy.stats.rankdata(values, method="average") does. O(n log n). −0.0 and 0.0 tie.
    /// </summary>
    /// <exception cref="ArgumentException">A value is NaN (it has no rank).</exception>
    internal static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var sorted = values.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(sorted[i]))
            {
                throw new ArgumentException($"values[{i}] is NaN; ranks need comparable values", nameof(values));
            }

            order[i] = i;
        }

        // Unstable sort is fine: members of a tie group all receive the same rank.
        Array.Sort(sorted, order);
        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && sorted[end] == sorted[start])
            {
                end++;
            }

            // Positions start..end−1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
            var rank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = rank;
            }

            start = end;
        }

        return ranks;
    }

    /// <summary>
    /// Two-pass Pearson r on series already validated (same length ≥ 2, finite, not constant).
    /// Each series is first scaled by a power of two (exact) so that its largest magnitude is in
    /// [1, 2): squares then neither overflow for values near 1e300 nor underflow for 1e-300.
    /// </summary>
    private static double PearsonR(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        var scaleX = PowerOfTwoScale(x);
        var scaleY = PowerOfTwoScale(y);
        double sumX = 0, sumY = 0;
        for (var i = 0; i < n; i++)
        {
            sumX += x[i] * scaleX;
            sumY += y[i] * scaleY;
        }

        var meanX = sumX / n;
        var meanY = sumY / n;
        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = (x[i] * scaleX) - meanX;
            var dy = (y[i] * scaleY) - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        // Separate square roots keep the product from underflowing; rounding can push |r| a hair past 1.
        var r = sxy / (Math.Sqrt(sxx) * Math.Sqrt(syy));
        return Math.Clamp(r, -1.0, 1.0);
    }

    private static double PowerOfTwoScale(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max == 0 ? 1.0 : Math.ScaleB(1.0, -Math.ILogB(max));
    }

    private static Estimate FisherInterval(
        double r, int n, double z, double varianceFactor, string method, double confidence)
    {
        if (n < 4)
        {
            // atanh(r) has standard error 1/sqrt(n − 3): undefined below 4 pairs.
            return new Estimate
            {
                Value = r, Low = -1, High = 1, Confidence = confidence,
                Method = method + " (n < 4: no interval)", SampleSize = n,
            };
        }

        // r = ±1 gives atanh = ±∞ and a degenerate interval at ±1, as scipy's pearsonr does.
        var center = Math.Atanh(r);
        var half = z * Math.Sqrt(varianceFactor / (n - 3));
        return new Estimate
        {
            Value = r,
            Low = Math.Tanh(center - half),
            High = Math.Tanh(center + half),
            Confidence = confidence,
            Method = method,
            SampleSize = n,
        };
    }

    private static void Validate(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException(
                $"x and y must have the same length, one pair per index (got {x.Length} and {y.Length})", nameof(y));
        }

        if (x.Length < 2)
        {
            throw new ArgumentException($"correlation needs at least 2 pairs (got {x.Length})", nameof(x));
        }

        RequireFinite(x, nameof(x));
        RequireFinite(y, nameof(y));
        if (IsConstant(x) || IsConstant(y))
        {
            throw new ArgumentException(ConstantSeriesMessage);
        }
    }

    private static void RequireFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; correlation needs finite values", name);
            }
        }
    }

    // Compared with the first value rather than through the variance, which can come out a few
    // ulps above zero for a constant series whose mean does not round back to the value.
    private static bool IsConstant(ReadOnlySpan<double> values)
    {
        var first = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] != first)
            {
                return false;
            }
        }

        return true;
    }
}
