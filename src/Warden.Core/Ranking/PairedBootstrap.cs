using Warden.Core.Statistics;

namespace Warden.Core.Ranking;

/// <summary>
/// Paired bootstrap over queries for comparing two systems evaluated on the same queries. Each
/// resample draws n queries with replacement (n = the number of queries both score sets share)
/// and recomputes the statistic on the same draws for both systems, so per-query difficulty
/// cancels. The interval is the percentile interval of the resampled statistic, with numpy's
/// default (linear) quantile definition. Only queries present in both score sets are used; the
/// point estimate is computed on those queries too, so it can differ from the difference of the
/// two <see cref="PerQueryScores.Mean"/> values when the query sets differ.
/// Draws come from <c>new Random(seed)</c>: the same inputs and seed give the same interval.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>Method name recorded in <see cref="Estimate.Method"/>.</summary>
    public const string MethodName = "paired-bootstrap-percentile";

    /// <summary>Seed used when the caller gives none.</summary>
    public const int DefaultSeed = 20261122;

    /// <summary>
    /// Mean difference <c>candidate − baseline</c>: mean over shared queries of
    /// (<paramref name="b"/> − <paramref name="a"/>), where <paramref name="a"/> is the baseline
    /// and <paramref name="b"/> the candidate. Positive means the candidate scores higher.
    /// </summary>
    /// <param name="a">Baseline per-query scores.</param>
    /// <param name="b">Candidate per-query scores, same metric and K.</param>
    /// <param name="resamples">Bootstrap resamples, at least 1.</param>
    /// <param name="seed">Seed of the random draws.</param>
    /// <param name="confidence">Confidence level of the interval, in (0, 1).</param>
    /// <exception cref="ArgumentException">Different metrics or K, malformed scores, or no shared query.</exception>
    public static Estimate MeanDifference(PerQueryScores a, PerQueryScores b, int resamples = 2000, int seed = DefaultSeed, double confidence = 0.95)
    {
        var (baseline, candidate) = Align(a, b, resamples, confidence);
        var n = baseline.Length;
        var differences = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            differences[i] = candidate[i] - baseline[i];
            total += differences[i];
        }

        var random = new Random(seed);
        var statistics = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += differences[random.Next(n)];
            }

            statistics[r] = sum / n;
        }

        return PercentileEstimate(total / n, statistics, resamples, n, seed, confidence);
    }

    /// <summary>
    /// Relative drop of an ablated system against the full one:
    /// (mean(<paramref name="full"/>) − mean(<paramref name="ablated"/>)) / mean(<paramref name="full"/>)
    /// over shared queries. 0.25 means the ablation loses a quarter of the metric; negative
    /// means the ablated system scores higher. Resamples whose full-system mean is 0 have no
    /// ratio and are left out; <see cref="Estimate.Resamples"/> reports how many were used.
    /// </summary>
    /// <param name="full">Per-query scores of the full system.</param>
    /// <param name="ablated">Per-query scores of the ablated system, same metric and K.</param>
    /// <param name="resamples">Bootstrap resamples, at least 1.</param>
    /// <param name="seed">Seed of the random draws.</param>
    /// <param name="confidence">Confidence level of the interval, in (0, 1).</param>
    /// <exception cref="ArgumentException">The full system's mean is 0 (no ratio), or as for <see cref="MeanDifference"/>.</exception>
    public static Estimate RelativeDrop(PerQueryScores full, PerQueryScores ablated, int resamples = 2000, int seed = DefaultSeed, double confidence = 0.95)
    {
        var (fullValues, ablatedValues) = Align(full, ablated, resamples, confidence);
        var n = fullValues.Length;
        var fullTotal = 0.0;
        var ablatedTotal = 0.0;
        for (var i = 0; i < n; i++)
        {
            fullTotal += fullValues[i];
            ablatedTotal += ablatedValues[i];
        }

        if (fullTotal == 0.0)
        {
            throw new ArgumentException(
                $"The full system's mean {full.Metric}@{full.K} over the {n} shared queries is 0, so a relative drop is undefined. " +
                "Compare with MeanDifference instead, or check that the full run and the judgments match.",
                nameof(full));
        }

        var random = new Random(seed);
        var statistics = new double[resamples];
        var used = 0;
        for (var r = 0; r < resamples; r++)
        {
            var fullSum = 0.0;
            var ablatedSum = 0.0;
            for (var j = 0; j < n; j++)
            {
                var index = random.Next(n);
                fullSum += fullValues[index];
                ablatedSum += ablatedValues[index];
            }

            // The 1/n of both means cancels in the ratio.
            if (fullSum != 0.0)
            {
                statistics[used++] = (fullSum - ablatedSum) / fullSum;
            }
        }

        return PercentileEstimate((fullTotal - ablatedTotal) / fullTotal, statistics.AsSpan(0, used), used, n, seed, confidence);
    }

    private static (double[] First, double[] Second) Align(PerQueryScores first, PerQueryScores second, int resamples, double confidence)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0.0 && confidence < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence level must be between 0 and 1 (exclusive), e.g. 0.95.");
        }

        if (first.Metric != second.Metric || first.K != second.K)
        {
            throw new ArgumentException(
                $"Cannot pair {first.Metric}@{first.K} with {second.Metric}@{second.K}; compare the same metric at the same cutoff.",
                nameof(second));
        }

        CheckShape(first, nameof(first));
        CheckShape(second, nameof(second));

        var firstValues = new List<double>(Math.Min(first.QueryIds.Count, second.QueryIds.Count));
        var secondValues = new List<double>(firstValues.Capacity);
        int i = 0, j = 0;
        while (i < first.QueryIds.Count && j < second.QueryIds.Count)
        {
            var c = string.CompareOrdinal(first.QueryIds[i], second.QueryIds[j]);
            if (c == 0)
            {
                firstValues.Add(first.Values[i++]);
                secondValues.Add(second.Values[j++]);
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        if (firstValues.Count == 0)
        {
            throw new ArgumentException(
                $"The two score sets share no query id ({first.QueryIds.Count} and {second.QueryIds.Count} queries); a paired comparison needs the same queries on both sides.",
                nameof(second));
        }

        return ([.. firstValues], [.. secondValues]);
    }

    private static void CheckShape(PerQueryScores scores, string name)
    {
        if (scores.QueryIds.Count != scores.Values.Count)
        {
            throw new ArgumentException($"{scores.QueryIds.Count} query ids but {scores.Values.Count} values; they must be aligned.", name);
        }

        for (var i = 0; i < scores.Values.Count; i++)
        {
            if (!double.IsFinite(scores.Values[i]))
            {
                throw new ArgumentException($"The value of query '{scores.QueryIds[i]}' is {scores.Values[i]}; per-query scores must be finite.", name);
            }

            if (i > 0 && string.CompareOrdinal(scores.QueryIds[i - 1], scores.QueryIds[i]) >= 0)
            {
                throw new ArgumentException(
                    $"Query ids must be sorted ordinally without duplicates (as RankingMetrics returns them); '{scores.QueryIds[i - 1]}' comes before '{scores.QueryIds[i]}'.",
                    name);
            }
        }
    }

    private static Estimate PercentileEstimate(double value, Span<double> statistics, int used, int sampleSize, int seed, double confidence)
    {
        if (statistics.IsEmpty)
        {
            throw new ArgumentException("Every bootstrap resample drew only queries where the full system scores 0; no interval can be formed. Use more queries or MeanDifference.");
        }

        statistics.Sort();
        var tail = (1.0 - confidence) / 2.0;
        return new Estimate
        {
            Value = value,
            Low = Statistics.Quantile.OfSorted(statistics, tail),
            High = Statistics.Quantile.OfSorted(statistics, 1.0 - tail),
            Confidence = confidence,
            Method = MethodName,
            SampleSize = sampleSize,
            Resamples = used,
            Seed = seed,
        };
    }
}
