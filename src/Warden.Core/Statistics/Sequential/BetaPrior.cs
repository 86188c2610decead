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
    /// Chosen from the delay table of <c>bench/guard-delay.sh</c> (α = 0.002, median requests to
    /// detect, from the deterministic approximation s = q·n that the simulated medians follow):
    /// against a 1 % threshold this prior detects a 2 % rate in about 2,030 requests, 3 % in 560,
    /// 5 % in 180, 10 % in 57 and 20 % in 24. The flat prior Beta(1, 1) needs 2,870, 790 and 230
    /// for 2, 3 and 5 % — up to 40 % slower where it matters (a rate a few times the threshold),
    /// gaining 6 requests only at 20×. Priors centred at 2× or 5× the threshold, or worth 0.5 to
    /// 2 pseudo-events, were within ±10 % of this one at every rate; mean 3× with 2 pseudo-events
    /// was the quickest at 3× and 5× the threshold and costs at most a few requests at 20×.
    /// Against a 5 % threshold it detects 7.5 % in about 1,530 requests, 10 % in 385, 20 % in 52,
    /// 50 % in 11 and 100 % in 5.
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
