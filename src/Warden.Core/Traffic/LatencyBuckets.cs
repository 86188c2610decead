using Warden.Core.Statistics;

namespace Warden.Core.Traffic;

/// <summary>
/// Mutable latency bucket counts on exactly the bucket boundaries of
/// <see cref="LogHistogram"/> (α = <see cref="LogHistogram.RelativeAccuracy"/>): bucket i holds
/// (γ^(i−1), γ^i]. The core's histogram keeps its buckets private; this twin exposes them so a
/// window can be stored compactly (<see cref="WindowHistogram"/>) and rebuilt into a
/// <see cref="LogHistogram"/> with identical quantiles. Not thread-safe: one per stripe, under
/// the stripe's lock.
/// </summary>
internal sealed class LatencyBuckets
{
    private const double Gamma = (1 + LogHistogram.RelativeAccuracy) / (1 - LogHistogram.RelativeAccuracy);

    /// <summary>A cleared array larger than this is dropped, so one wild value does not pin memory forever.</summary>
    private const int KeepOnClear = 4096;

    private static readonly double LogGamma = Math.Log(Gamma);
    private static readonly double InverseLogGamma = 1 / LogGamma;
    private static readonly double RepresentativeFactor = 2 / (Gamma + 1);

    // _counts[j] counts bucket _offset + j.
    private long[] _counts = [];
    private int _offset;

    /// <summary>Values added.</summary>
    public long Count { get; private set; }

    /// <summary>Values below <see cref="LogHistogram.ZeroThreshold"/>.</summary>
    public long ZeroCount { get; private set; }

    /// <summary>Exact sum of the values (ms).</summary>
    public double Sum { get; private set; }

    /// <summary>Exact smallest value; +∞ when empty.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Exact largest value; −∞ when empty.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Bucket of <paramref name="value"/>, computed exactly as <see cref="LogHistogram"/> does: ⌈log_γ value⌉.</summary>
    public static int BucketIndex(double value) => (int)Math.Ceiling(Math.Log(value) * InverseLogGamma);

    /// <summary>The value <see cref="LogHistogram"/> reports for every member of bucket <paramref name="index"/>: 2γ^i/(γ + 1).</summary>
    public static double Representative(int index) => RepresentativeFactor * Math.Exp(index * LogGamma);

    /// <summary>Adds one value; the caller has checked it is finite and ≥ 0.</summary>
    public void Add(double value)
    {
        Count++;
        Sum += value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (value < LogHistogram.ZeroThreshold)
        {
            ZeroCount++;
            return;
        }

        var index = BucketIndex(value);
        var slot = index - _offset;
        if ((uint)slot >= (uint)_counts.Length)
        {
            slot = GrowToInclude(index);
        }

        _counts[slot]++;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(LatencyBuckets other)
    {
        if (other.Count == 0)
        {
            return;
        }

        for (var j = 0; j < other._counts.Length; j++)
        {
            if (other._counts[j] != 0)
            {
                AddBucket(other._offset + j, other._counts[j]);
            }
        }

        AddSummary(other.Count, other.ZeroCount, other.Sum, other.Min, other.Max);
    }

    /// <summary>Adds every value of a stored window histogram.</summary>
    public void Merge(WindowHistogram other)
    {
        if (other.Count == 0)
        {
            return;
        }

        var reader = other.ReadBuckets();
        while (reader.Next(out var index, out var count))
        {
            AddBucket(index, count);
        }

        AddSummary(other.Count, other.ZeroCount, other.SumMs, other.MinMs, other.MaxMs);
    }

    /// <summary>Empties the counts, keeping a modest array for reuse.</summary>
    public void Clear()
    {
        if (_counts.Length > KeepOnClear)
        {
            _counts = [];
            _offset = 0;
        }
        else
        {
            Array.Clear(_counts);
        }

        Count = 0;
        ZeroCount = 0;
        Sum = 0;
        Min = double.PositiveInfinity;
        Max = double.NegativeInfinity;
    }

    /// <summary>An immutable, compact copy.</summary>
    public WindowHistogram ToHistogram() => WindowHistogram.Encode(this);

    /// <summary>Index of the bucket counted in <see cref="RawCounts"/>[0].</summary>
    public int Offset => _offset;

    /// <summary>Counts of buckets <see cref="Offset"/>, <see cref="Offset"/> + 1, ...; most may be zero.</summary>
    public ReadOnlySpan<long> RawCounts => _counts;

    private void AddBucket(int index, long count)
    {
        var slot = index - _offset;
        if ((uint)slot >= (uint)_counts.Length)
        {
            slot = GrowToInclude(index);
        }

        _counts[slot] += count;
    }

    private void AddSummary(long count, long zeroCount, double sum, double min, double max)
    {
        Count += count;
        ZeroCount += zeroCount;
        Sum += sum;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
    }

    private int GrowToInclude(int index) => BucketGrowth.Include(ref _counts, ref _offset, index);
}
