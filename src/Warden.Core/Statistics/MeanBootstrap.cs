namespace Warden.Core.Statistics;

/// <summary>
/// Percentile bootstrap interval of a mean (e.g. the mean nDCG over queries): resample the values
/// with replacement, take the mean of each resample, and read the interval off the sorted means.
/// </summary>
public static class MeanBootstrap
{
    /// <summary>Mean of <paramref name="values"/> with a percentile bootstrap interval.</summary>
    /// <param name="values">One value per unit (query, request...). Must not be empty.</param>
    /// <param name="resamples">Bootstrap resamples (e.g. 2,000).</param>
    /// <param name="seed">Seed of the random source: the same seed gives the same interval.</param>
    /// <param name="confidence">Confidence level, e.g. 0.95.</param>
    public static Estimate Mean(ReadOnlySpan<double> values, int resamples = 2000, int seed = 20261122, double confidence = 0.95)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("no values; a mean needs at least one.", nameof(values));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be between 0 and 1 (exclusive).");
        }

        var n = values.Length;
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        var random = new Random(seed);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                s += values[random.Next(n)];
            }

            means[b] = s / n;
        }

        Array.Sort(means);
        var alpha = 1 - confidence;
        return new Estimate
        {
            Value = sum / n,
            Low = Quantile.OfSorted(means, alpha / 2),
            High = Quantile.OfSorted(means, 1 - (alpha / 2)),
            Confidence = confidence,
            Method = "bootstrap-percentile",
            SampleSize = n,
            Resamples = resamples,
            Seed = seed,
        };
    }
}
