using Warden.Core.Statistics;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// A quantile and its confidence interval from cumulative histogram buckets (Prometheus'
/// <c>le</c> counts) when the individual values are gone. Warden's other quantiles read order
/// statistics from an exact sample or a <see cref="LogHistogram"/> (±0.5 %); fixed Prometheus
/// buckets are far coarser (2–2.5× wide), so neither <see cref="IOrderStatistics"/> view fits and
/// this is the smallest correct thing:
/// <list type="bullet">
/// <item>The interval uses the same distribution-free binomial ranks (l, u) as
/// <see cref="QuantileInterval.OrderStatistic"/>. Only the bucket of each order statistic is known,
/// so the low end is the lower edge of the bucket holding x_(l) and the high end is the upper edge
/// of the bucket holding x_(u): the interval is widened to bucket edges and keeps its coverage.
/// A rank in the <c>+Inf</c> bucket, or a sample too small for a finite rank, gives an infinite
/// bound, which callers treat as inconclusive.</item>
/// <item>The point is Prometheus' own <c>histogram_quantile</c> rule (linear inside the bucket of
/// rank p·n, the last finite bound when that bucket is <c>+Inf</c>), so it matches a dashboard.</item>
/// </list>
/// Values are assumed non-negative (latencies): the first bucket's lower edge is 0.
/// </summary>
internal static class BucketQuantile
{
    /// <summary>Method name recorded on the estimate.</summary>
    public const string Method = "order-statistic-buckets";

    /// <summary>The <paramref name="p"/>-quantile of the bucketed sample with its interval.</summary>
    /// <param name="buckets">Upper bound → cumulative count, ascending, the last bound +∞ (its count is n).</param>
    /// <param name="p">Probability in (0, 1), e.g. 0.95.</param>
    /// <param name="confidence">Confidence level, e.g. 0.95.</param>
    /// <exception cref="ArgumentException">The buckets are empty, unordered, not cumulative, do not end at +∞ or count nothing.</exception>
    public static Estimate Of(IReadOnlyList<(double UpperBound, long Count)> buckets, double p, double confidence = 0.95)
    {
        Check(buckets);
        if (!(p > 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1), e.g. 0.95.");
        }

        QuantileInterval.CheckConfidence(confidence);
        long n = buckets[^1].Count;
        (long lower, long upper) = QuantileInterval.Ranks(n, p, (1 - confidence) / 2);
        double point = Interpolate(buckets, p * n);
        double low = lower >= 1 ? LowerEdge(buckets, BucketOfRank(buckets, lower)) : double.NegativeInfinity;
        double high = upper <= n ? buckets[BucketOfRank(buckets, upper)].UpperBound : double.PositiveInfinity;
        return new Estimate
        {
            Value = point,
            Low = Math.Min(low, point),
            High = Math.Max(high, point),
            Confidence = confidence,
            Method = Method,
            SampleSize = n,
        };
    }

    /// <summary>Method name recorded on a difference of two bucketed quantiles.</summary>
    public const string DifferenceMethod = "order-statistic-buckets-difference";

    /// <summary>
    /// The difference <paramref name="candidate"/> − <paramref name="baseline"/> of the two samples'
    /// <paramref name="p"/>-quantiles with an interval of at least <paramref name="confidence"/>:
    /// each quantile's interval at 1 − (1 − confidence) / 2, the difference's interval running from
    /// the candidate's low minus the baseline's high to the candidate's high minus the baseline's
    /// low (Bonferroni: both cover together at least <paramref name="confidence"/>). Without the raw
    /// values a bootstrap has nothing to resample; this is wider than one, never narrower than the
    /// truth allows.
    /// </summary>
    public static Estimate Difference(
        IReadOnlyList<(double UpperBound, long Count)> baseline, IReadOnlyList<(double UpperBound, long Count)> candidate, double p, double confidence = 0.95)
    {
        QuantileInterval.CheckConfidence(confidence);
        var each = 1 - ((1 - confidence) / 2);
        var b = Of(baseline, p, each);
        var c = Of(candidate, p, each);
        return new Estimate
        {
            Value = c.Value - b.Value,
            Low = c.Low - b.High,
            High = c.High - b.Low,
            Confidence = confidence,
            Method = DifferenceMethod,
            SampleSize = Math.Min(b.SampleSize, c.SampleSize),
        };
    }

    /// <summary>Prometheus' <c>histogram_quantile</c>: linear interpolation inside the bucket that holds rank <paramref name="rank"/>.</summary>
    private static double Interpolate(IReadOnlyList<(double UpperBound, long Count)> buckets, double rank)
    {
        var b = 0;
        while (buckets[b].Count < rank)
        {
            b++;
        }

        if (b == buckets.Count - 1)
        {
            // In +Inf: no upper edge to interpolate towards; Prometheus answers the last finite bound.
            return buckets.Count >= 2 ? buckets[^2].UpperBound : double.PositiveInfinity;
        }

        double start = LowerEdge(buckets, b);
        long below = b == 0 ? 0 : buckets[b - 1].Count;
        long inside = buckets[b].Count - below;
        return inside == 0 ? start : start + ((buckets[b].UpperBound - start) * ((rank - below) / inside));
    }

    /// <summary>Index of the bucket holding the 1-based order statistic <paramref name="rank"/>.</summary>
    private static int BucketOfRank(IReadOnlyList<(double UpperBound, long Count)> buckets, long rank)
    {
        var b = 0;
        while (buckets[b].Count < rank)
        {
            b++;
        }

        return b;
    }

    private static double LowerEdge(IReadOnlyList<(double UpperBound, long Count)> buckets, int b) => b == 0 ? 0 : buckets[b - 1].UpperBound;

    private static void Check(IReadOnlyList<(double UpperBound, long Count)> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        if (buckets.Count == 0 || !double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            throw new ArgumentException("The buckets must end with the +Inf bucket (le=\"+Inf\"), whose count is the number of samples.", nameof(buckets));
        }

        for (var i = 1; i < buckets.Count; i++)
        {
            if (!(buckets[i].UpperBound > buckets[i - 1].UpperBound) || buckets[i].Count < buckets[i - 1].Count)
            {
                throw new ArgumentException($"Bucket {i} (le={buckets[i].UpperBound}, count {buckets[i].Count}) must have a larger bound and no smaller count than bucket {i - 1} (le={buckets[i - 1].UpperBound}, count {buckets[i - 1].Count}).", nameof(buckets));
            }
        }

        if (buckets[^1].Count <= 0)
        {
            throw new ArgumentException("The buckets count no samples.", nameof(buckets));
        }
    }
}
