namespace Warden.Core.Statistics;

/// <summary>
/// A mergeable, log-bucketed histogram of non-negative values (latencies in ms), in the style of
/// DDSketch (Masson, Rim &amp; Lee, VLDB 2019). With γ = (1 + α)/(1 − α), bucket i holds the
/// values in (γ^(i−1), γ^i] and reports them as 2γ^i/(γ + 1), which is within a relative
/// <see cref="RelativeAccuracy"/> α of every value in the bucket. So every
/// <see cref="ValueAtRank"/> (and any quantile interpolated from two of them) is within 0.5 % of
/// the exact order statistic, while memory depends on the range of the values (about 230 buckets
/// per factor of 10), never on how many were added. Values below
/// <see cref="ZeroThreshold"/> go to a separate zero bucket and read back as 0 (or the exact
/// minimum). Not thread-safe for concurrent writers; build one per thread and <see cref="Merge"/>.
/// </summary>
public sealed class LogHistogram : IOrderStatistics
{
    /// <summary>Relative accuracy α of every value read back: |reported − exact| ≤ α·exact.</summary>
    public const double RelativeAccuracy = 0.005;

    /// <summary>Values below this count in the zero bucket (absolute error below 1e-9).</summary>
    public const double ZeroThreshold = 1e-9;

    private const double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);

    private static readonly double LogGamma = Math.Log(Gamma);
    private static readonly double InverseLogGamma = 1 / LogGamma;
    private static readonly double RepresentativeFactor = 2 / (Gamma + 1);

    // _counts[j] counts bucket _offset + j; the array covers only the indices seen so far.
    private long[] _counts = [];
    private int _offset;
    private long _zeroCount;
    private long _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    // Running totals of _counts (zero bucket included), built on the first rank lookup after a
    // change. Published as a whole array so a concurrent reader never sees a half-built one.
    private long[]? _cumulative;

    /// <inheritdoc />
    public long Count => _count;

    /// <summary>Smallest value added (exact).</summary>
    /// <exception cref="InvalidOperationException">The histogram is empty.</exception>
    public double Min => _count > 0 ? _min : throw new InvalidOperationException("no samples");

    /// <summary>Largest value added (exact).</summary>
    /// <exception cref="InvalidOperationException">The histogram is empty.</exception>
    public double Max => _count > 0 ? _max : throw new InvalidOperationException("no samples");

    /// <summary>Sum of the values added (exact up to floating-point rounding).</summary>
    public double Sum => _sum;

    /// <summary>Buckets currently allocated; grows with the value range, not the count.</summary>
    internal int AllocatedBuckets => _counts.Length;

    /// <summary>Adds one value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN, infinite or negative.</exception>
    public void Add(double value)
    {
        // Written so NaN fails too: every comparison with NaN is false.
        if (!(value >= 0 && value <= double.MaxValue))
        {
            ThrowInvalid(value);
        }

        _count++;
        _sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _cumulative = null;
        if (value < ZeroThreshold)
        {
            _zeroCount++;
            return;
        }

        int slot = BucketIndex(value) - _offset;
        if ((uint)slot >= (uint)_counts.Length)
        {
            slot = GrowToInclude(slot + _offset);
        }

        _counts[slot]++;
    }

    /// <summary>Adds <paramref name="value"/> <paramref name="count"/> times.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN, infinite or negative, or <paramref name="count"/> is negative.</exception>
    public void Add(double value, long count)
    {
        if (!(value >= 0 && value <= double.MaxValue))
        {
            ThrowInvalid(value);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        _count += count;
        _sum += value * count;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _cumulative = null;
        if (value < ZeroThreshold)
        {
            _zeroCount += count;
            return;
        }

        int slot = BucketIndex(value) - _offset;
        if ((uint)slot >= (uint)_counts.Length)
        {
            slot = GrowToInclude(slot + _offset);
        }

        _counts[slot] += count;
    }

    /// <summary>
    /// Adds every value of <paramref name="other"/>. The result is identical to having added all
    /// values to this histogram, because both share the same fixed bucket boundaries.
    /// </summary>
    public void Merge(LogHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._count == 0)
        {
            return;
        }

        if (ReferenceEquals(other, this))
        {
            other = Clone();
        }

        int first = -1;
        int last = -1;
        for (int j = 0; j < other._counts.Length; j++)
        {
            if (other._counts[j] != 0)
            {
                first = first < 0 ? j : first;
                last = j;
            }
        }

        if (first >= 0)
        {
            GrowToInclude(other._offset + first);
            GrowToInclude(other._offset + last);
            int shift = other._offset - _offset;
            for (int j = first; j <= last; j++)
            {
                _counts[j + shift] += other._counts[j];
            }
        }

        _zeroCount += other._zeroCount;
        _count += other._count;
        _sum += other._sum;
        _min = Math.Min(_min, other._min);
        _max = Math.Max(_max, other._max);
        _cumulative = null;
    }

    /// <summary>
    /// The value of 0-based rank <paramref name="rank"/>: the exact Min and Max for the first and
    /// last ranks, otherwise the representative of the bucket that holds it, clamped into
    /// [Min, Max] (which can only bring it closer to the true value).
    /// O(log buckets) after the first call following a change.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is outside [0, Count).</exception>
    public double ValueAtRank(long rank)
    {
        if ((ulong)rank >= (ulong)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank must be in [0, {_count}).");
        }

        // The extremes are tracked exactly; a bucket representative would be up to α off.
        if (rank == 0)
        {
            return _min;
        }

        if (rank == _count - 1)
        {
            return _max;
        }

        if (rank < _zeroCount)
        {
            return Math.Clamp(0, _min, _max);
        }

        long[] cumulative = _cumulative ?? BuildCumulative();

        // First slot whose running total exceeds the rank.
        int lo = 0;
        int hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (cumulative[mid] > rank)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return Math.Clamp(Representative(lo + _offset), _min, _max);
    }

    /// <summary>A deep copy that evolves independently.</summary>
    public LogHistogram Clone() => new()
    {
        _counts = (long[])_counts.Clone(),
        _offset = _offset,
        _zeroCount = _zeroCount,
        _count = _count,
        _sum = _sum,
        _min = _min,
        _max = _max,
    };

    /// <summary>Bucket i such that γ^(i−1) &lt; value ≤ γ^i, i.e. ⌈log_γ value⌉.</summary>
    internal static int BucketIndex(double value) => (int)Math.Ceiling(Math.Log(value) * InverseLogGamma);

    /// <summary>The value every member of bucket <paramref name="index"/> is reported as.</summary>
    internal static double Representative(int index) => RepresentativeFactor * Math.Exp(index * LogGamma);

    private long[] BuildCumulative()
    {
        var cumulative = new long[_counts.Length];
        long running = _zeroCount;
        for (int j = 0; j < cumulative.Length; j++)
        {
            running += _counts[j];
            cumulative[j] = running;
        }

        _cumulative = cumulative;
        return cumulative;
    }

    private int GrowToInclude(int index) => BucketGrowth.Include(ref _counts, ref _offset, index);

    private static void ThrowInvalid(double value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, $"LogHistogram accepts finite values >= 0 (latencies); got {value}.");
}
