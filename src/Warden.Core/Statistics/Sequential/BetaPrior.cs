namespace Warden.Core.Statistics.Sequential;

/// <summary>
/// The Beta(<see cref="A"/>, <see cref="B"/>) mixing distribution of a beta-binomial mixture
/// confidence sequence. It does not change the level of the sequence (any prior gives a
/// martingale with mean 1); it only decides for which true rates detection is quickest.
/// </summary>
/// <param name="A">First shape parameter (pseudo-events), finite and &gt; 0.</param>
/// <param name="B">Second shape parameter (pseudo-non-events), finite and &gt; 0.</param>
/// <remarks><c>default(BetaPrior)</c> is (0, 0) and not a valid prior; the methods that take one reject it.</remarks>
/// <exception cref="ArgumentOutOfRangeException">A parameter is not finite or not positive.</exception>
public readonly record struct BetaPrior(double A, double B)
{
    /// <summary>First shape parameter (pseudo-events).</summary>
    public double A { get; } = Positive(A, nameof(A));

    /// <summary>Second shape parameter (pseudo-non-events).</summary>
    public double B { get; } = Positive(B, nameof(B));

    /// <summary>
    /// The prior the guard uses when testing "rate above <paramref name="rate"/>": mean three
    /// times the threshold (capped halfway between the threshold and 1), worth two pseudo-events,
    /// i.e. A = 2 and B = 2(1 − m)/m with m = min(3·rate, (1 + rate)/2). Threshold 1 % gives
    /// Beta(2, 64.7), threshold 5 % gives Beta(2, 11.3).
    /// </summary>
    /// <remarks>
    /// Chosen from the delay table of <c>bench/guard-delay.sh</c> (α = 0.002, checked after every
    /// request, median requests to detect over 2,000 simulated streams; <c>--prior A,B</c> reruns
    /// it with another prior). Against a 1 % threshold this prior detects a 2 % rate in a median
    /// 1,767 requests, 3 % in 490, 5 % in 168, 10 % in 57 and 20 % in 23. The flat prior Beta(1, 1)
    /// needs 2,623, 688 and 207 for 2, 3 and 5 % (up to 48 % slower where delays are long), and
    /// wins only at 10× and 20× the threshold, by 3 and 6 requests. Centring the mean at 5× the
    /// threshold, Beta(2, 38), gains 11 requests at 5 % (157) and 11 at 10 % (46) but loses 94 at
    /// 2 % (1,861); at 2×, Beta(2, 98), it loses 21 requests at 5 % and 10 at 10 %. One or half a
    /// pseudo-event, Beta(1, 32.3) or Beta(0.5, 16.2), is slower at 2 % (1,836 and 1,962). So
    /// mean 3× with 2 pseudo-events loses the fewest requests where detection takes longest and
    /// costs a fraction of a second at 100 requests/s where it is already fast. Against a 5 %
    /// threshold, Beta(2, 11.3) detects 7.5 % in 1,344 requests, 10 % in 337, 20 % in 48, 50 % in
    /// 11 and 100 % in 5 (flat prior: 1,613, 412, 52, 7, 3).
    /// </remarks>
    /// <param name="rate">The null-boundary rate, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is outside (0, 1).</exception>
    public static BetaPrior ForThreshold(double rate)
    {
        if (!(rate > 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The threshold rate must be strictly between 0 and 1 (got {rate}).");
        }

        const double PseudoEvents = 2;
        var mean = Math.Min(3 * rate, (1 + rate) / 2);
        return new BetaPrior(PseudoEvents, PseudoEvents * (1 - mean) / mean);
    }

    /// <summary>Whether both parameters are valid (false only for <c>default(BetaPrior)</c>).</summary>
    internal bool IsValid => A > 0 && B > 0;

    private static double Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"The beta prior's {name} must be finite and > 0 (got {value}).");
        }

        return value;
    }
}
