using System.Buffers;
using System.Buffers.Binary;
using Warden.Core.Statistics;

namespace Warden.Core.Traffic;

/// <summary>
/// An immutable latency histogram of one window (or of several merged), stored as its non-empty
/// buckets delta- and varint-encoded: a typical second of traffic takes tens of bytes. Buckets
/// are those of <see cref="LogHistogram"/>, so <see cref="ToLogHistogram"/> gives back a histogram
/// whose quantiles equal those of one fed the raw values; count, min and max are exact.
/// </summary>
/// <remarks>
/// <see cref="ToBytes"/> layout (format 1), all integers LEB128 varints: byte 0x01; count; when
/// count &gt; 0 the sum, min and max in ms as little-endian IEEE 754 doubles; zero-bucket count
/// (values &lt; 1e-9 ms); number n of non-empty buckets; then the first bucket index (zigzag),
/// its count, and for each further bucket the gap to the previous index (≥ 1) and its count.
/// </remarks>
internal sealed class WindowHistogram
{
    /// <summary>First byte of <see cref="ToBytes"/>.</summary>
    public const byte FormatVersion = 1;

    // From "number of buckets" onward, exactly as in ToBytes.
    private readonly byte[] _buckets;

    private WindowHistogram(long count, long zeroCount, double sum, double min, double max, int bucketCount, byte[] buckets)
    {
        Count = count;
        ZeroCount = zeroCount;
        SumMs = sum;
        MinMs = min;
        MaxMs = max;
        BucketCount = bucketCount;
        _buckets = buckets;
    }

    /// <summary>No values.</summary>
    public static WindowHistogram Empty { get; } = new(0, 0, 0, 0, 0, 0, [0]);

    /// <summary>Values counted.</summary>
    public long Count { get; }

    /// <summary>Values below <see cref="LogHistogram.ZeroThreshold"/> ms.</summary>
    public long ZeroCount { get; }

    /// <summary>Exact sum of the latencies in ms.</summary>
    public double SumMs { get; }

    /// <summary>Exact smallest latency in ms; 0 when empty.</summary>
    public double MinMs { get; }

    /// <summary>Exact largest latency in ms; 0 when empty.</summary>
    public double MaxMs { get; }

    /// <summary>Non-empty buckets besides the zero bucket.</summary>
    public int BucketCount { get; }

    /// <summary>Mean latency in ms, or null when empty.</summary>
    public double? MeanMs => Count > 0 ? SumMs / Count : null;

    /// <summary>Merges several histograms into one.</summary>
    public static WindowHistogram Merge(IEnumerable<WindowHistogram> parts)
    {
        var all = new LatencyBuckets();
        foreach (var part in parts)
        {
            all.Merge(part);
        }

        return all.ToHistogram();
    }

    /// <summary>Reads the <see cref="ToBytes"/> form back, checking every field.</summary>
    /// <exception cref="FormatException">The bytes are not a valid format-1 histogram; the message says which byte and why.</exception>
    public static WindowHistogram FromBytes(ReadOnlySpan<byte> data)
    {
        var at = 0;
        if (data.IsEmpty || data[0] != FormatVersion)
        {
            throw Bad(0, data.IsEmpty ? "no bytes" : $"format byte is {data[0]}, expected {FormatVersion}");
        }

        at = 1;
        var count = ReadCount(data, ref at, "count");
        double sum = 0, min = 0, max = 0;
        if (count > 0)
        {
            if (data.Length - at < 24)
            {
                throw Bad(at, "truncated before sum/min/max");
            }

            sum = BinaryPrimitives.ReadDoubleLittleEndian(data[at..]);
            min = BinaryPrimitives.ReadDoubleLittleEndian(data[(at + 8)..]);
            max = BinaryPrimitives.ReadDoubleLittleEndian(data[(at + 16)..]);
            if (!(sum >= 0 && double.IsFinite(sum) && min >= 0 && double.IsFinite(max) && min <= max))
            {
                throw Bad(at, $"sum/min/max must be finite with 0 <= min <= max; got {sum}, {min}, {max}");
            }

            at += 24;
        }

        var bucketsStart = at;
        var zero = ReadCount(data, ref at, "zero count");
        var nStart = at;
        var n = ReadCount(data, ref at, "bucket count");
        if (n > (data.Length - at) / 2)
        {
            throw Bad(at, $"{n} buckets announced but only {data.Length - at} bytes follow");
        }

        long total = zero;
        long index = 0;
        long first = 0;
        for (var k = 0L; k < n; k++)
        {
            var entry = at;
            if (k == 0)
            {
                if (!Varint.TryReadSigned(data, ref at, out index))
                {
                    throw Bad(entry, "truncated bucket index");
                }

                first = index;
            }
            else
            {
                var gap = ReadCount(data, ref at, "bucket gap");
                if (gap < 1)
                {
                    throw Bad(entry, "bucket indexes must increase");
                }

                index += gap;
            }

            if (index is < int.MinValue or > int.MaxValue)
            {
                throw Bad(entry, $"bucket index {index} out of range");
            }

            var c = ReadCount(data, ref at, "bucket count");
            if (c < 1)
            {
                throw Bad(entry, "an encoded bucket must not be empty");
            }

            total += c;
            if (total < 0 || total > count)
            {
                throw Bad(entry, $"bucket counts add up to more than the count {count}");
            }
        }

        if (at != data.Length)
        {
            throw Bad(at, $"{data.Length - at} unexpected trailing bytes");
        }

        if (total != count || zero > count)
        {
            throw Bad(bucketsStart, $"zero bucket and buckets add up to {total}, but the count is {count}");
        }

        // ToLogHistogram relies on min and max lying in the first and last occupied buckets.
        var minOk = zero > 0 ? min < LogHistogram.ZeroThreshold : n == 0 || LatencyBuckets.BucketIndex(min) == first;
        var maxOk = n > 0 ? LatencyBuckets.BucketIndex(max) == index : count == 0 || max < LogHistogram.ZeroThreshold;
        if (count > 0 && !(minOk && maxOk))
        {
            throw Bad(1, $"min {min} or max {max} does not lie in the first or last occupied bucket");
        }

        return new WindowHistogram(count, zero, sum, min, max, (int)n, data[nStart..].ToArray());
    }

    /// <summary>The self-contained binary form described in the remarks.</summary>
    public byte[] ToBytes()
    {
        var output = new ArrayBufferWriter<byte>(16 + _buckets.Length + Varint.MaxBytes);
        output.GetSpan(1)[0] = FormatVersion;
        output.Advance(1);
        Varint.Write(output, (ulong)Count);
        if (Count > 0)
        {
            var span = output.GetSpan(24);
            BinaryPrimitives.WriteDoubleLittleEndian(span, SumMs);
            BinaryPrimitives.WriteDoubleLittleEndian(span[8..], MinMs);
            BinaryPrimitives.WriteDoubleLittleEndian(span[16..], MaxMs);
            output.Advance(24);
        }

        Varint.Write(output, (ulong)ZeroCount);
        output.Write(_buckets);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Walks the non-empty buckets in ascending index order.</summary>
    public BucketReader ReadBuckets() => new(_buckets, BucketCount);

    /// <summary>
    /// A <see cref="LogHistogram"/> with the same count, min, max and bucket counts, hence the
    /// same <see cref="LogHistogram.ValueAtRank"/> and quantiles as one fed the raw values. Each
    /// bucket is filled with its representative value, except that the exact min and max are
    /// added in their own buckets; only <see cref="LogHistogram.Sum"/> differs (use <see cref="SumMs"/>).
    /// </summary>
    public LogHistogram ToLogHistogram()
    {
        var histogram = new LogHistogram();
        if (Count == 0)
        {
            return histogram;
        }

        // Zero-bucket values read back as Clamp(0, Min, Max), i.e. as Min: the global minimum
        // lies in the zero bucket whenever it is not empty.
        if (ZeroCount > 0)
        {
            var maxToo = ZeroCount == Count && Count > 1;
            histogram.Add(MinMs, ZeroCount - (maxToo ? 1 : 0));
            if (maxToo)
            {
                histogram.Add(MaxMs);
            }
        }

        var reader = ReadBuckets();
        var minBucket = ZeroCount == 0 ? LatencyBuckets.BucketIndex(MinMs) : int.MinValue;
        var maxBucket = LatencyBuckets.BucketIndex(Math.Max(MaxMs, LogHistogram.ZeroThreshold));
        while (reader.Next(out var index, out var count))
        {
            if (index == minBucket)
            {
                histogram.Add(MinMs);
                count--;
            }

            if (index == maxBucket && count > 0)
            {
                histogram.Add(MaxMs);
                count--;
            }

            histogram.Add(LatencyBuckets.Representative(index), count);
        }

        return histogram;
    }

    /// <summary>Builds the compact form of <paramref name="source"/>.</summary>
    internal static WindowHistogram Encode(LatencyBuckets source)
    {
        if (source.Count == 0)
        {
            return Empty;
        }

        var counts = source.RawCounts;
        var n = 0;
        foreach (var c in counts)
        {
            n += c != 0 ? 1 : 0;
        }

        var output = new ArrayBufferWriter<byte>(2 + (3 * n));
        Varint.Write(output, (ulong)n);
        var previous = 0;
        var first = true;
        for (var j = 0; j < counts.Length; j++)
        {
            if (counts[j] == 0)
            {
                continue;
            }

            var index = source.Offset + j;
            if (first)
            {
                Varint.WriteSigned(output, index);
                first = false;
            }
            else
            {
                Varint.Write(output, (ulong)(index - previous));
            }

            Varint.Write(output, (ulong)counts[j]);
            previous = index;
        }

        return new WindowHistogram(source.Count, source.ZeroCount, source.Sum, source.Min, source.Max, n, output.WrittenSpan.ToArray());
    }

    private static long ReadCount(ReadOnlySpan<byte> data, ref int at, string what)
    {
        var start = at;
        if (!Varint.TryRead(data, ref at, out var value))
        {
            throw Bad(start, $"truncated {what}");
        }

        if (value > long.MaxValue)
        {
            throw Bad(start, $"{what} {value} is too large");
        }

        return (long)value;
    }

    private static FormatException Bad(int offset, string why) =>
        new($"latency histogram, byte {offset}: {why}");

    /// <summary>Iterates encoded buckets without allocating.</summary>
    internal ref struct BucketReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly int _total;
        private int _position;
        private int _read;
        private int _index;

        public BucketReader(ReadOnlySpan<byte> data, int total)
        {
            _data = data;
            _total = total;
            _position = 0;
            Varint.TryRead(_data, ref _position, out _);
        }

        /// <summary>The next bucket, or false after the last.</summary>
        public bool Next(out int index, out long count)
        {
            if (_read == _total)
            {
                index = 0;
                count = 0;
                return false;
            }

            if (_read == 0)
            {
                Varint.TryReadSigned(_data, ref _position, out var firstIndex);
                _index = (int)firstIndex;
            }
            else
            {
                Varint.TryRead(_data, ref _position, out var gap);
                _index += (int)gap;
            }

            Varint.TryRead(_data, ref _position, out var raw);
            _read++;
            index = _index;
            count = (long)raw;
            return true;
        }
    }
}
