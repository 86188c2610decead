namespace Warden.Gateway.Telemetry;

/// <summary>
/// Decides which requests go to the request log, deterministically: the n-th request offered
/// (n = 1, 2, ... in the order the recorder sees them) is written when
/// SplitMix64(n) &lt; rate × 2^64. So a rate of 0.1 writes a fixed, well-spread tenth of the
/// requests, the same tenth on every run with the same order, and no random state is shared
/// between threads. Rate 1 writes all (without counting), rate 0 none.
/// </summary>
internal sealed class RequestLogSampler
{
    private readonly bool _all;
    private readonly ulong _threshold;
    private long _sequence;

    /// <summary>Creates a sampler for a rate in [0, 1].</summary>
    public RequestLogSampler(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1.0);
        _all = rate >= 1.0;
        _threshold = _all ? ulong.MaxValue : (ulong)(rate * 18446744073709551616.0);
    }

    /// <summary>True when the next request should be written.</summary>
    public bool Next()
    {
        if (_all)
        {
            return true;
        }

        return _threshold != 0 && Mix((ulong)Interlocked.Increment(ref _sequence)) < _threshold;
    }

    /// <summary>The SplitMix64 output function (Steele, Lea &amp; Flood 2014) of <paramref name="n"/>.</summary>
    public static ulong Mix(ulong n)
    {
        var z = n * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
