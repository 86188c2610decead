using MathNet.Numerics;

namespace Warden.Core.Statistics;

/// <summary>
/// Confidence interval of one quantile from the order statistics alone, with no assumption about
/// the shape of the distribution. If ξ is the true p-quantile, the number B of samples at or
/// below ξ is Binomial(n, p), so [x_(l), x_(u)] covers ξ with probability
/// P(l ≤ B ≤ u − 1) = 1 − P(B ≤ l − 1) − P(B ≥ u). Choosing l as large and u as small as the
/// tails allow (each ≤ α/2) gives the shortest symmetric-tail interval with coverage ≥ 1 − α.
/// </summary>
public static class QuantileInterval
{
    /// <summary>
    /// Point estimate (numpy linear quantile) and distribution-free order-statistic interval of
    /// the <paramref name="p"/>-quantile. With B ~ Binomial(n, p), the 1-based ranks are the
    /// largest l with P(B ≤ l − 1) ≤ α/2 and the smallest u with P(B ≥ u) ≤ α/2. A bound the
    /// sample is too small for (l &lt; 1 or u &gt; n) is −∞ or +∞ and <see cref="Estimate.Method"/>
    /// says which n it needs; callers treat an infinite bound as inconclusive. On a
    /// <see cref="LogHistogram"/> (or a <see cref="SampleDistribution"/> past its exact limit)
    /// each finite bound is widened to the edge of its bucket (÷(1 + α) below, ÷(1 − α) above),
    /// so the interval still covers the quantile of the exact values.
    /// </summary>
    /// <param name="sample">The sample's order statistics.</param>
    /// <param name="p">Probability in [0, 1], e.g. 0.95.</param>
    /// <param name="confidence">Confidence level 1 − α in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> or <paramref name="confidence"/> out of range.</exception>
    /// <exception cref="InvalidOperationException">The sample is empty.</exception>
    public static Estimate OrderStatistic(IOrderStatistics sample, double p, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(sample);
        CheckConfidence(confidence);
        double point = Quantile.Of(sample, p);
        long n = sample.Count;
        double tail = (1 - confidence) / 2;

        (long lower, long upper) = Ranks(n, p, tail);
        double low = lower >= 1 ? sample.ValueAtRank(lower - 1) : double.NegativeInfinity;
        double high = upper <= n ? sample.ValueAtRank(upper - 1) : double.PositiveInfinity;

        // A histogram reports each order statistic within ±α; widening each bound to the edge of
        // its bucket keeps the coverage guarantee. Without it, at 10⁷ samples the sampling
        // interval is narrower than one bucket and would collapse to a single, possibly wrong, value.
        double error = RelativeErrorOf(sample);
        if (error > 0)
        {
            low /= 1 + error;
            high /= 1 - error;
        }

        // The binomial ranks bracket the interpolated point for any usual confidence; widening to
        // include it only matters for unusual (very low) levels and can only raise coverage.
        return new Estimate
        {
            Value = point,
            Low = Math.Min(low, point),
            High = Math.Max(high, point),
            Confidence = confidence,
            Method = MethodName(lower >= 1, upper <= n, p, tail),
            SampleSize = n,
        };
    }

    /// <summary>
    /// 1-based ranks (l, u) of the interval. l = 0 means no finite lower bound, u = n + 1 no
    /// finite upper bound. Two binary searches over k: O(log n) incomplete-beta evaluations.
    /// </summary>
    internal static (long Lower, long Upper) Ranks(long n, double p, double tail)
    {
        // Largest k in [−1, n] with P(B ≤ k) ≤ tail; P(B ≤ −1) = 0 qualifies, P(B ≤ n) = 1 does not.
        long good = -1;
        long bad = n;
        while (bad - good > 1)
        {
            long mid = good + ((bad - good) / 2);
            if (ProbabilityAtMost(mid, n, p) <= tail)
            {
                good = mid;
            }
            else
            {
                bad = mid;
            }
        }

        long lower = good + 1;

        // Smallest u in [0, n + 1] with P(B ≥ u) ≤ tail; P(B ≥ n + 1) = 0 qualifies, P(B ≥ 0) = 1 does not.
        bad = 0;
        good = n + 1;
        while (good - bad > 1)
        {
            long mid = bad + ((good - bad) / 2);
            if (ProbabilityAtLeast(mid, n, p) <= tail)
            {
                good = mid;
            }
            else
            {
                bad = mid;
            }
        }

        return (lower, good);
    }

    /// <summary>
    /// P(B ≤ k) for B ~ Binomial(n, p), as I_(1−p)(n − k, k + 1). The tail is computed directly,
    /// not as 1 − CDF, so small tail probabilities keep their relative precision.
    /// </summary>
    internal static double ProbabilityAtMost(long k, long n, double p)
    {
        if (k < 0)
        {
            return 0;
        }

        if (k >= n || p == 0)
        {
            return 1;
        }

        return p == 1 ? 0 : SpecialFunctions.BetaRegularized(n - k, k + 1, 1 - p);
    }

    /// <summary>P(B ≥ u) for B ~ Binomial(n, p), as I_p(u, n − u + 1).</summary>
    internal static double ProbabilityAtLeast(long u, long n, double p)
    {
        if (u <= 0)
        {
            return 1;
        }

        if (u > n || p == 0)
        {
            return 0;
        }

        return p == 1 ? 1 : SpecialFunctions.BetaRegularized(u, n - u + 1, p);
    }

    /// <summary>
    /// Largest relative error of <see cref="IOrderStatistics.ValueAtRank"/> for the sample types
    /// Warden knows: α for a histogram, 0 for exact samples (and for unknown implementations).
    /// </summary>
    internal static double RelativeErrorOf(IOrderStatistics sample) => sample switch
    {
        LogHistogram => LogHistogram.RelativeAccuracy,
        SampleDistribution { IsExact: false } => LogHistogram.RelativeAccuracy,
        _ => 0,
    };

    internal static void CheckConfidence(double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, $"Confidence must be in (0, 1), e.g. 0.95; got {confidence}.");
        }
    }

    private static string MethodName(bool hasLower, bool hasUpper, double p, double tail)
    {
        if (hasLower && hasUpper)
        {
            return "order-statistic";
        }

        // A lower bound exists once P(B ≤ 0) = (1 − p)^n ≤ α/2, an upper one once P(B ≥ n) = p^n ≤ α/2.
        string? lowerNeed = hasLower ? null : $"lower bound {Need(1 - p, tail)}";
        string? upperNeed = hasUpper ? null : $"upper bound {Need(p, tail)}";
        string needs = lowerNeed is not null && upperNeed is not null ? $"{lowerNeed}, {upperNeed}" : lowerNeed ?? upperNeed!;
        return $"order-statistic ({needs})";
    }

    /// <summary>"needs n ≥ m" for the smallest m with q^m ≤ tail, or why no n suffices.</summary>
    private static string Need(double q, double tail)
    {
        if (q >= 1)
        {
            return "is unbounded at this p";
        }

        if (q <= 0)
        {
            return "needs n ≥ 1";
        }

        long m = Math.Max(1, (long)Math.Ceiling(Math.Log(tail) / Math.Log(q)));

        // Guard against rounding in the logarithms on either side of the exact threshold.
        while (Math.Pow(q, m) > tail)
        {
            m++;
        }

        while (m > 1 && Math.Pow(q, m - 1) <= tail)
        {
            m--;
        }

        return $"needs n ≥ {m}";
    }
}
