namespace Warden.Core.Statistics;

/// <summary>
/// Binomial proportions (error rates, compliance rates) and differences of two proportions, with
/// score intervals that stay inside [0, 1] and behave at 0 and at n successes.
/// </summary>
public static class Proportion
{
    /// <summary>
    /// Proportion <paramref name="successes"/> / <paramref name="trials"/> with the Wilson score
    /// interval (no continuity correction). Method <c>wilson</c>.
    /// </summary>
    /// <param name="successes">Number of successes (or failures: any counted outcome), 0 ≤ successes ≤ trials.</param>
    /// <param name="trials">Number of trials, &gt; 0.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">Trials is not positive, successes is outside [0, trials], or confidence is outside (0, 1).</exception>
    public static Estimate Wilson(long successes, long trials, double confidence = 0.95)
    {
        Validate(successes, trials, nameof(successes), nameof(trials));
        var z = NormalQuantile.TwoSided(confidence);
        var (low, high) = WilsonBounds(successes, trials, z);
        return new Estimate
        {
            Value = (double)successes / trials,
            Low = low,
            High = high,
            Confidence = confidence,
            Method = "wilson",
            SampleSize = trials,
        };
    }

    /// <summary>
    /// Difference p1 − p2 of two independent proportions with Newcombe's hybrid score interval
    /// (method 10 of Newcombe 1998, Stat Med 17:873–890), built from the two Wilson intervals.
    /// Method <c>newcombe</c>; the sample size is <paramref name="trials1"/> + <paramref name="trials2"/>.
    /// </summary>
    /// <param name="successes1">Successes in the first group (e.g. the candidate).</param>
    /// <param name="trials1">Trials in the first group, &gt; 0.</param>
    /// <param name="successes2">Successes in the second group (e.g. the baseline).</param>
    /// <param name="trials2">Trials in the second group, &gt; 0.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A trial count is not positive, a success count is outside [0, trials], or confidence is outside (0, 1).</exception>
    public static Estimate NewcombeDifference(
        long successes1, long trials1, long successes2, long trials2, double confidence = 0.95)
    {
        Validate(successes1, trials1, nameof(successes1), nameof(trials1));
        Validate(successes2, trials2, nameof(successes2), nameof(trials2));
        var z = NormalQuantile.TwoSided(confidence);
        var p1 = (double)successes1 / trials1;
        var p2 = (double)successes2 / trials2;
        var (l1, u1) = WilsonBounds(successes1, trials1, z);
        var (l2, u2) = WilsonBounds(successes2, trials2, z);
        var delta = p1 - p2;

        // Newcombe (1998) eq. for method 10: each side combines the two Wilson half-widths that
        // point the same way for the difference (p1 down with p2 up for the lower limit).
        var low = delta - Math.Sqrt(Square(p1 - l1) + Square(u2 - p2));
        var high = delta + Math.Sqrt(Square(u1 - p1) + Square(p2 - l2));
        return new Estimate
        {
            Value = delta,
            Low = Math.Max(low, -1),
            High = Math.Min(high, 1),
            Confidence = confidence,
            Method = "newcombe",
            SampleSize = trials1 + trials2,
        };
    }

    /// <summary>
    /// Wilson limits in a form free of cancellation. With A = 2s + z² and
    /// B = z·sqrt(z² + 4s(n − s)/n), the textbook limits are (A ∓ B) / (2(n + z²)); the lower
    /// one is rewritten as 2s² / (n(A + B)) (multiply through by A + B, since A² − B² = 4s²(1 + z²/n)),
    /// so it is exactly 0 at s = 0 and keeps full relative precision for tiny rates at n = 10⁷ and beyond.
    /// </summary>
    private static (double Low, double High) WilsonBounds(long successes, long trials, double z)
    {
        double s = successes;
        double n = trials;
        var z2 = z * z;
        var a = (2 * s) + z2;
        var b = z * Math.Sqrt(z2 + (4 * s * ((double)(trials - successes) / n)));
        var low = 2 * s * s / (n * (a + b));
        var high = successes == trials ? 1.0 : Math.Min((a + b) / (2 * (n + z2)), 1.0);
        return (low, high);
    }

    private static double Square(double value) => value * value;

    private static void Validate(long successes, long trials, string successesName, string trialsName)
    {
        if (trials <= 0)
        {
            throw new ArgumentOutOfRangeException(trialsName, $"{trialsName} must be positive (got {trials})");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(
                successesName,
                $"{successesName} must be between 0 and {trialsName} (got {successesName} = {successes}, {trialsName} = {trials})");
        }
    }
}
