namespace Warden.Core.Statistics;

/// <summary>
/// A sample kept in full and sorted once, so every order statistic is exact. Right for small
/// sets (offline evaluations, a few thousand requests); large streams go through
/// <see cref="LogHistogram"/> or <see cref="SampleDistribution"/>.
/// </summary>
public sealed class ExactSample : IOrderStatistics
{
    private readonly double[] _sorted;

    /// <summary>Copies and sorts <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public ExactSample(IEnumerable<double> values)
        : this([.. values ?? throw new ArgumentNullException(nameof(values))], owned: true)
    {
    }

    private ExactSample(double[] values, bool owned)
    {
        _sorted = owned ? values : (double[])values.Clone();
        foreach (double value in _sorted)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(values), value, $"Samples must be finite numbers; got {value}.");
            }
        }

        Array.Sort(_sorted);
    }

    /// <summary>Copies and sorts <paramref name="values"/>; the caller's array is left untouched.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public static ExactSample FromUnsorted(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ExactSample(values, owned: false);
    }

    /// <inheritdoc />
    public long Count => _sorted.Length;

    /// <summary>The values in ascending order.</summary>
    public ReadOnlySpan<double> Sorted => _sorted;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is outside [0, Count).</exception>
    public double ValueAtRank(long rank)
    {
        if ((ulong)rank >= (ulong)_sorted.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be in [0, {_sorted.Length}).");
        }

        return _sorted[rank];
    }
}
