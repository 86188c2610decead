using Warden.Core.Statistics;
using Warden.Core.Traffic;

namespace Warden.Core.Tests.Traffic;

public sealed class WindowHistogramTests
{
    private static readonly double[] Probabilities = [0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 1000)]
    [InlineData(4, 50_000)]
    public void ToLogHistogram_RandomLatencies_SameOrderStatisticsAsCoreHistogram(int seed, int n)
    {
        var random = new Random(seed);
        var core = new LogHistogram();
        var buckets = new LatencyBuckets();
        for (var i = 0; i < n; i++)
        {
            // Log-normal around 20 ms, with some exact zeros and sub-threshold values mixed in.
            var value = (i % 97) switch
            {
                0 => 0.0,
                1 => 1e-12,
                _ => Math.Exp(3 + (0.8 * Gaussian(random))),
            };
            core.Add(value);
            buckets.Add(value);
        }

        var rebuilt = buckets.ToHistogram().ToLogHistogram();

        Assert.Equal(core.Count, rebuilt.Count);
        Assert.Equal(core.Min, rebuilt.Min);
        Assert.Equal(core.Max, rebuilt.Max);
        for (var rank = 0L; rank < n; rank += Math.Max(1, n / 500))
        {
            Assert.Equal(core.ValueAtRank(rank), rebuilt.ValueAtRank(rank));
        }

        foreach (var p in Probabilities)
        {
            Assert.Equal(Quantile.Of(core, p), Quantile.Of(rebuilt, p));
        }
    }

    [Fact]
    public void ToLogHistogram_AllInZeroBucket_KeepsExactMinAndMax()
    {
        var buckets = new LatencyBuckets();
        buckets.Add(0);
        buckets.Add(5e-10);
        buckets.Add(2e-10);

        var rebuilt = buckets.ToHistogram().ToLogHistogram();

        Assert.Equal(3, rebuilt.Count);
        Assert.Equal(0, rebuilt.Min);
        Assert.Equal(5e-10, rebuilt.Max);
    }

    [Fact]
    public void ToBytes_FromBytes_RoundTripsEveryField()
    {
        var buckets = new LatencyBuckets();
        foreach (var v in new[] { 0.0, 3.2, 3.2, 17.5, 250.0, 12_345.6 })
        {
            buckets.Add(v);
        }

        var original = buckets.ToHistogram();
        var bytes = original.ToBytes();
        var back = WindowHistogram.FromBytes(bytes);

        Assert.Equal(6, back.Count);
        Assert.Equal(1, back.ZeroCount);
        Assert.Equal(0.0 + 3.2 + 3.2 + 17.5 + 250.0 + 12_345.6, back.SumMs);
        Assert.Equal(0, back.MinMs);
        Assert.Equal(12_345.6, back.MaxMs);
        Assert.Equal(4, back.BucketCount);
        Assert.Equal(bytes, back.ToBytes());

        // 1 format + 1 count + 24 sum/min/max + 1 zero + 1 n + 4 buckets of 2-3 bytes.
        Assert.InRange(bytes.Length, 36, 40);
    }

    [Fact]
    public void ToBytes_Empty_IsFourBytes()
    {
        Assert.Equal(new byte[] { 1, 0, 0, 0 }, WindowHistogram.Empty.ToBytes());
        Assert.Equal(0, WindowHistogram.FromBytes([1, 0, 0, 0]).Count);
    }

    [Fact]
    public void ToBytes_OneSecondOfTraffic_IsSmall()
    {
        var random = new Random(7);
        var buckets = new LatencyBuckets();
        for (var i = 0; i < 5_000; i++)
        {
            buckets.Add(Math.Exp(3 + (0.3 * Gaussian(random))));
        }

        // About 140 occupied buckets at 0.5 % accuracy: roughly 2 bytes each.
        Assert.True(buckets.ToHistogram().ToBytes().Length < 450, $"{buckets.ToHistogram().ToBytes().Length} bytes");
    }

    [Fact]
    public void Merge_Parts_EqualsOneHistogramOfAllValues()
    {
        var all = new LatencyBuckets();
        var parts = new List<WindowHistogram>();
        var random = new Random(11);
        for (var part = 0; part < 5; part++)
        {
            var one = new LatencyBuckets();
            for (var i = 0; i < 200; i++)
            {
                var v = random.NextDouble() * 100 * (part + 1);
                one.Add(v);
                all.Add(v);
            }

            parts.Add(one.ToHistogram());
        }

        var merged = WindowHistogram.Merge(parts);

        Assert.Equal(all.ToHistogram().ToBytes().AsSpan(26).ToArray(), merged.ToBytes().AsSpan(26).ToArray());
        Assert.Equal(all.Count, merged.Count);
        Assert.Equal(all.Min, merged.MinMs);
        Assert.Equal(all.Max, merged.MaxMs);
        Assert.Equal(all.Sum, merged.SumMs, 9);
    }

    public static TheoryData<byte[], string> CorruptInputs => new()
    {
        { [], "byte 0: no bytes" },
        { [2, 0, 0, 0], "byte 0: format byte is 2, expected 1" },
        { [1, 0, 0], "byte 3: truncated bucket count" },
        { [1, 0, 0, 0, 9], "byte 4: 1 unexpected trailing bytes" },
        { [1, 1, 0, 0], "byte 2: truncated before sum/min/max" },
        { [1, 0x80], "byte 1: truncated count" },
        { [1, 0, 0, 1, 2, 1], "byte 4: bucket counts add up to more than the count 0" },
    };

    [Theory]
    [MemberData(nameof(CorruptInputs))]
    public void FromBytes_Corrupt_ThrowsFormatExceptionNamingTheByte(byte[] data, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => WindowHistogram.FromBytes(data));
        Assert.Equal("latency histogram, " + expected, ex.Message);
    }

    [Fact]
    public void FromBytes_MinOutsideFirstBucket_Rejected()
    {
        var buckets = new LatencyBuckets();
        buckets.Add(10);
        buckets.Add(20);
        var bytes = buckets.ToHistogram().ToBytes();

        // Overwrite min (bytes 10..17) with 5 ms, which lies in an earlier bucket than any encoded.
        BitConverter.TryWriteBytes(bytes.AsSpan(10), 5.0);

        var ex = Assert.Throws<FormatException>(() => WindowHistogram.FromBytes(bytes));
        Assert.Contains("does not lie in the first or last occupied bucket", ex.Message);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
