using Warden.Gateway.Routing;

namespace Warden.Gateway.Tests.Routing;

public sealed class StickyBucketTests
{
    // Pinned: FNV-1a 64 over UTF-8, MurmurHash3 fmix64, mod 10,000 — recomputed independently
    // (a dozen lines of Python). A change here moves live clients between production and canary,
    // so it must be a deliberate, visible decision.
    [Theory]
    [InlineData("", 4342)]
    [InlineData("user-42", 1453)]
    [InlineData("203.0.113.9", 9854)]
    [InlineData("127.0.0.1", 3154)]
    [InlineData("ключ", 421)]
    public void Of_Key_SameBucketInEveryProcess(string key, int bucket)
    {
        Assert.Equal(bucket, StickyBucket.Of(key));
    }

    [Fact]
    public void Of_LongKey_UsesPooledBufferSameHash()
    {
        Assert.Equal(1746, StickyBucket.Of(new string('a', 300)));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(2500)]
    [InlineData(5000)]
    [InlineData(1)]
    [InlineData(9999)]
    public void IsCanary_20000DistinctKeys_ShareWithinBinomialTolerance(int basisPoints)
    {
        const int N = 20_000;
        var canary = 0;
        for (var i = 0; i < N; i++)
        {
            if (StickyBucket.IsCanary($"client-{i}", basisPoints))
            {
                canary++;
            }
        }

        // With a uniform hash the canary count is Binomial(N, p). Four standard deviations
        // either side would be exceeded by chance with probability about 6e-5 for a fresh key
        // set; the keys are fixed, so the result is deterministic and a failure means the hash
        // is biased, not unlucky. (At p = 0.05: σ = 30.8 keys, ±0.62 percentage points.)
        var p = basisPoints / 10_000.0;
        var sigma = Math.Sqrt(N * p * (1 - p));
        Assert.InRange(canary, N * p - (4 * sigma) - 1, N * p + (4 * sigma) + 1);
    }

    // A key whose bucket equals the weight W is not on the canary at W basis points and is at
    // W + 1: the canary holds buckets 0 .. W−1, exactly W of the 10,000. Buckets recomputed in
    // Python as above (client-1550 → 0 and client-5010 → 9,999 found by scanning client-0, client-1, ...).
    [Theory]
    [InlineData("user-42", 1453)]
    [InlineData("127.0.0.1", 3154)]
    [InlineData("client-1550", 0)]
    [InlineData("client-5010", 9999)]
    public void IsCanary_WeightEqualToBucket_NotOnCanaryUntilOneMoreBasisPoint(string key, int bucket)
    {
        Assert.Equal(bucket, StickyBucket.Of(key));

        Assert.False(StickyBucket.IsCanary(key, bucket));
        Assert.True(StickyBucket.IsCanary(key, bucket + 1));
    }

    [Fact]
    public void IsCanary_SameKeySameWeight_SameSideEveryTime()
    {
        for (var i = 0; i < 1000; i++)
        {
            var key = $"user-{i}";
            var first = StickyBucket.IsCanary(key, 2500);
            for (var repeat = 0; repeat < 5; repeat++)
            {
                Assert.Equal(first, StickyBucket.IsCanary(key, 2500));
            }
        }
    }

    [Fact]
    public void IsCanary_WeightRaised_KeysOnlyMoveTowardsCanary()
    {
        int[] steps = [100, 500, 2500, 5000, 10_000];
        for (var i = 0; i < 5000; i++)
        {
            var key = $"user-{i}";
            var wasCanary = false;
            foreach (var step in steps)
            {
                var isCanary = StickyBucket.IsCanary(key, step);
                Assert.True(isCanary || !wasCanary, $"{key} left the canary when the weight rose to {step} bp");
                wasCanary = isCanary;
            }

            Assert.True(wasCanary);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(10_000, true)]
    public void IsCanary_Extremes_NoKeyExcepted(int basisPoints, bool expected)
    {
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(expected, StickyBucket.IsCanary($"k{i}", basisPoints)));
    }
}
