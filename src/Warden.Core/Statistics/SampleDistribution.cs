namespace Warden.Core.Statistics;

/// <summary>
/// The latency distribution of one arm, exact while it is small: the first
/// <see cref="ExactLimit"/> values are kept as they are (exact quantiles, bit-for-bit numpy), and
/// once one more arrives they are folded into a <see cref="LogHistogram"/> (every order statistic
/// within 0.5 %, memory bounded by the value range). <see cref="Representation"/> says which one
/// answered, so reports can state it. Accepts the same values as the histogram (finite, ≥ 0) from
/// the start, so switching never rejects data that was already accepted.
/// </summary>
public sealed class SampleDistribution : IOrderStatistics
{
    /// <summary>Default number of values kept exactly (800 KB of doubles).</summary>
    public const int DefaultExactLimit = 100_000;

    private const int InitialCapacity = 256;

    private double[] _values = [];
    private int _exactCount;
    private bool _sorted = true;
    private LogHistogram? _histogram;
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>Creates an empty distribution that stays exact up to <paramref name="exactLimit"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exactLimit"/> is negative.</exception>
    public SampleDistribution(int exactLimit = DefaultExactLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(exactLimit);
        ExactLimit = exactLimit;
    }

    /// <summary>Most values kept exactly before switching to the histogram.</summary>
    public int ExactLimit { get; }

    /// <summary>True while every value is kept exactly (Count ≤ <see cref="ExactLimit"/>).</summary>
    public bool IsExact => _histogram is null;

    /// <summary><c>exact</c> or <c>log-histogram(α=0.5%)</c>: how order statistics are answered.</summary>
    public string Representation => IsExact ? "exact" : "log-histogram(α=0.5%)";

    /// <inheritdoc />
    public long Count => _count;

    /// <summary>Smallest value added (exact in both modes).</summary>
    /// <exception cref="InvalidOperationException">No values yet.</exception>
    public double Min => _count > 0 ? _min : throw new InvalidOperationException("no samples");

    /// <summary>Largest value added (exact in both modes).</summary>
    /// <exception cref="InvalidOperationException">No values yet.</exception>
    public double Max => _count > 0 ? _max : throw new InvalidOperationException("no samples");

    /// <summary>Arithmetic mean of the values added (exact in both modes, up to rounding).</summary>
    /// <exception cref="InvalidOperationException">No values yet.</exception>
    public double Mean => _count > 0 ? _sum / _count : throw new InvalidOperationException("no samples");

    /// <summary>Adds one value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN, infinite or negative.</exception>
    public void Add(double value)
    {
        if (!(value >= 0 && value <= double.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"SampleDistribution accepts finite values >= 0 (latencies); got {value}.");
        }

        if (_histogram is null && _exactCount == ExactLimit)
        {
            FoldIntoHistogram();
        }

        if (_histogram is null)
        {
            Append(value);
        }
        else
        {
            _histogram.Add(value);
        }

        _count++;
        _sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
    }

    /// <summary>
    /// Adds every value of <paramref name="other"/>. Stays exact when the total still fits in
    /// <see cref="ExactLimit"/>; otherwise this distribution switches to the histogram.
    /// </summary>
    public void Merge(SampleDistribution other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0)
        {
            return;
        }

        // Snapshot first: merging a distribution into itself must not read what it is writing.
        double[] otherValues = other._histogram is null ? other._values.AsSpan(0, other._exactCount).ToArray() : [];
        LogHistogram? otherHistogram = other._histogram?.Clone();

        if (_histogram is null && otherHistogram is null && _count + other._count <= ExactLimit)
        {
            foreach (double value in otherValues)
            {
                Append(value);
            }
        }
        else
        {
            if (_histogram is null)
            {
                FoldIntoHistogram();
            }

            if (otherHistogram is null)
            {
                foreach (double value in otherValues)
                {
                    _histogram!.Add(value);
                }
            }
            else
            {
                _histogram!.Merge(otherHistogram);
            }
        }

        _count += other._count;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is outside [0, Count).</exception>
    public double ValueAtRank(long rank)
    {
        if (_histogram is not null)
        {
            return _histogram.ValueAtRank(rank);
        }

        if ((ulong)rank >= (ulong)_exactCount)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be in [0, {_exactCount}).");
        }

        if (!_sorted)
        {
            Array.Sort(_values, 0, _exactCount);
            _sorted = true;
        }

        return _values[rank];
    }

    private void Append(double value)
    {
        if (_exactCount == _values.Length)
        {
            int capacity = (int)Math.Min(ExactLimit, Math.Max(InitialCapacity, 2L * _values.Length));
            Array.Resize(ref _values, capacity);
        }

        _values[_exactCount++] = value;
        _sorted = false;
    }

    private void FoldIntoHistogram()
    {
        var histogram = new LogHistogram();
        for (int i = 0; i < _exactCount; i++)
        {
            histogram.Add(_values[i]);
        }

        _histogram = histogram;
        _values = [];
        _exactCount = 0;
    }
}
