using MathNet.Numerics;

namespace Warden.Core.Statistics.Sequential;

/// <summary>
/// The conjugate beta-binomial mixture confidence sequence for a Bernoulli rate (Robbins 1970;
/// Howard, Ramdas, McAuliffe &amp; Sekhon 2021, "Time-uniform, nonparametric, nonasymptotic
/// confidence sequences", Ann. Statist. 49(2), the beta-binomial mixture). For s events in n
/// trials and a prior Beta(a, b),
/// <c>ln M_n(p) = ln B(a + s, b + n − s) − ln B(a, b) − s ln p − (n − s) ln(1 − p)</c>.
/// Under independent Bernoulli(p) outcomes M_n(p) is a nonnegative martingale with mean 1, so by
/// Ville's inequality (1939) P(∃ n : M_n(p) ≥ 1/α) ≤ α, and {p : M_n(p) &lt; 1/α} is a (1 − α)
/// confidence sequence: it covers the true rate at every n at once, however often it is looked at.
/// ln M_n is convex in p with its minimum (≤ 0) at the MLE s/n, so the set is an interval around s/n.
/// </summary>
public static class BernoulliConfidenceSequence
{
    private const double Tolerance = 1e-10;

    /// <summary>
    /// ln M_n(<paramref name="rate"/>): the log of the mixture likelihood ratio against the
    /// hypothesis "the rate is <paramref name="rate"/>" after <paramref name="events"/> events in
    /// <paramref name="trials"/> trials. 0 at n = 0.
    /// </summary>
    /// <param name="events">Events seen, 0 ≤ events ≤ trials.</param>
    /// <param name="trials">Trials seen, ≥ 0.</param>
    /// <param name="rate">The hypothesised rate, strictly between 0 and 1.</param>
    /// <param name="prior">The mixing prior; <see cref="BetaPrior.ForThreshold"/> for the guard's default.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, events exceed trials, the rate is outside (0, 1) or the prior is <c>default</c>.</exception>
    public static double LogMixture(long events, long trials, double rate, BetaPrior prior)
    {
        ValidateCounts(events, trials);
        ValidateRate(rate, nameof(rate));
        ValidatePrior(prior);
        return LogMixtureUnchecked(events, trials, rate, prior);
    }

    /// <summary>
    /// Whether the (1 − <paramref name="alpha"/>) confidence sequence excludes <paramref name="rate"/>:
    /// ln M_n(rate) ≥ ln(1/α). At equality the rate is excluded (Ville's bound is on M ≥ 1/α).
    /// </summary>
    /// <param name="events">Events seen, 0 ≤ events ≤ trials.</param>
    /// <param name="trials">Trials seen, ≥ 0.</param>
    /// <param name="rate">The hypothesised rate, strictly between 0 and 1.</param>
    /// <param name="alpha">Error level over all looks, strictly between 0 and 1.</param>
    /// <param name="prior">The mixing prior.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range (see <see cref="LogMixture"/>), or alpha is outside (0, 1).</exception>
    public static bool Excludes(long events, long trials, double rate, double alpha, BetaPrior prior)
    {
        ValidateAlpha(alpha);
        return LogMixture(events, trials, rate, prior) >= Math.Log(1 / alpha);
    }

    /// <summary>
    /// The limits of the (1 − <paramref name="alpha"/>) confidence sequence at the current counts,
    /// found by bisection on each side of the MLE s/n to 1e-10 absolute. Each limit is the end of
    /// the last bisection bracket that lies outside the set, so the returned interval contains the
    /// exact one. n = 0 gives (0, 1); s = 0 gives a lower limit of 0 and s = n an upper limit of 1.
    /// </summary>
    /// <param name="events">Events seen, 0 ≤ events ≤ trials.</param>
    /// <param name="trials">Trials seen, ≥ 0.</param>
    /// <param name="alpha">Error level over all looks, strictly between 0 and 1.</param>
    /// <param name="prior">The mixing prior.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, events exceed trials, alpha is outside (0, 1) or the prior is <c>default</c>.</exception>
    public static RateBounds Bounds(long events, long trials, double alpha, BetaPrior prior)
    {
        ValidateCounts(events, trials);
        ValidateAlpha(alpha);
        ValidatePrior(prior);
        if (trials == 0)
        {
            return new RateBounds(0, 1);
        }

        var threshold = Math.Log(1 / alpha);
        var mle = (double)events / trials;

        // ln M at the MLE is ≤ 0 < ln(1/α) (a mixture of likelihood ratios against the maximum
        // likelihood is at most 1), so the MLE is inside and each side has one crossing.
        var lower = events == 0 ? 0 : Crossing(events, trials, prior, threshold, outside: 0, inside: mle);
        var upper = events == trials ? 1 : Crossing(events, trials, prior, threshold, outside: 1, inside: mle);
        return new RateBounds(lower, upper);
    }

    /// <summary>
    /// "The rate is significantly above <paramref name="rate"/>": the observed share
    /// <paramref name="events"/>/<paramref name="trials"/> is above <paramref name="rate"/> and the
    /// (1 − <paramref name="alpha"/>) confidence sequence excludes <paramref name="rate"/>, i.e. its
    /// lower limit is above <paramref name="rate"/>.
    /// </summary>
    /// <remarks>
    /// This one-sided use keeps level α for every true rate p ≤ <paramref name="rate"/>, at every
    /// look at once: the set is an interval containing s/n, so when s/n &gt; rate and rate is
    /// excluded, the whole set lies above rate, and hence above p. The true p is then outside the
    /// set, which by Ville's inequality happens at any time with probability at most α. (It is
    /// conservative: only the upper tail of the two-sided α is spent.)
    /// </remarks>
    /// <param name="events">Events seen, 0 ≤ events ≤ trials.</param>
    /// <param name="trials">Trials seen, ≥ 0.</param>
    /// <param name="rate">The threshold rate, strictly between 0 and 1.</param>
    /// <param name="alpha">Error level over all looks, strictly between 0 and 1.</param>
    /// <param name="prior">The mixing prior; <see cref="BetaPrior.ForThreshold"/>(<paramref name="rate"/>) for the guard's default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static bool ExceedsRate(long events, long trials, double rate, double alpha, BetaPrior prior)
    {
        var excludes = Excludes(events, trials, rate, alpha, prior);
        return trials > 0 && (double)events / trials > rate && excludes;
    }

    internal static double LogMixtureUnchecked(long events, long trials, double rate, BetaPrior prior)
    {
        double s = events;
        double f = trials - events;

        // s·ln p and f·ln(1 − p) are 0·(−∞) only if p were 0 or 1, which validation rules out;
        // skipping zero counts keeps the expression exact at s = 0 and s = n.
        var logLikelihood = (events > 0 ? s * Math.Log(rate) : 0) + (f > 0 ? f * Math.Log(1 - rate) : 0);
        return SpecialFunctions.BetaLn(prior.A + s, prior.B + f) - SpecialFunctions.BetaLn(prior.A, prior.B) - logLikelihood;
    }

    private static double Crossing(long events, long trials, BetaPrior prior, double threshold, double outside, double inside)
    {
        // Invariant: ln M(outside) ≥ threshold (excluded, or the boundary 0/1 where ln M → ∞),
        // ln M(inside) < threshold. Returning the outside end keeps the interval conservative.
        while (Math.Abs(outside - inside) > Tolerance)
        {
            var middle = 0.5 * (outside + inside);
            if (LogMixtureUnchecked(events, trials, middle, prior) >= threshold)
            {
                outside = middle;
            }
            else
            {
                inside = middle;
            }
        }

        return outside;
    }

    private static void ValidateCounts(long events, long trials)
    {
        if (trials < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, $"Trials must be ≥ 0 (got {trials}).");
        }

        if (events < 0 || events > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events, $"Events must be between 0 and trials ({trials}) (got {events}).");
        }
    }

    private static void ValidateRate(double rate, string name)
    {
        if (!(rate > 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(name, rate, $"The rate must be strictly between 0 and 1 (got {rate}).");
        }
    }

    private static void ValidateAlpha(double alpha)
    {
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"Alpha must be strictly between 0 and 1 (got {alpha}).");
        }
    }

    private static void ValidatePrior(BetaPrior prior)
    {
        if (!prior.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "The prior must have A > 0 and B > 0 (default(BetaPrior) is not a prior).");
        }
    }
}
