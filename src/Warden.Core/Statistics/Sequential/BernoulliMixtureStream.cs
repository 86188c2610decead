namespace Warden.Core.Statistics.Sequential;

/// <summary>
/// ln M_n(p0) of <see cref="BernoulliConfidenceSequence"/> kept up to date one observation at a
/// time in O(1) and without allocating: ln B(a + s, b + n − s) grows by ln((a + s)/(a + b + n))
/// on an event and by ln((b + n − s)/(a + b + n)) on a non-event (B(x + 1, y) = B(x, y)·x/(x + y)).
/// Used by the simulations and the bench; <see cref="Reset"/> reuses an instance across streams.
/// </summary>
internal sealed class BernoulliMixtureStream
{
    private readonly double a;
    private readonly double b;
    private readonly double logRate;
    private readonly double logComplement;
    private double logBetaRatio;

    public BernoulliMixtureStream(double rate, BetaPrior prior)
    {
        // Validates rate and prior the same way as the static form.
        _ = BernoulliConfidenceSequence.LogMixture(0, 0, rate, prior);
        Rate = rate;
        a = prior.A;
        b = prior.B;
        logRate = Math.Log(rate);
        logComplement = Math.Log(1 - rate);
    }

    /// <summary>The hypothesised rate p0.</summary>
    public double Rate { get; }

    /// <summary>Events seen so far.</summary>
    public long Events { get; private set; }

    /// <summary>Trials seen so far.</summary>
    public long Trials { get; private set; }

    /// <summary>ln M_n(p0) at the current counts.</summary>
    public double LogMixture => logBetaRatio - (Events * logRate) - ((Trials - Events) * logComplement);

    /// <summary>Adds one observation.</summary>
    public void Observe(bool isEvent)
    {
        var total = a + b + Trials;
        if (isEvent)
        {
            logBetaRatio += Math.Log((a + Events) / total);
            Events++;
        }
        else
        {
            logBetaRatio += Math.Log((b + Trials - Events) / total);
        }

        Trials++;
    }

    /// <summary>
    /// <see cref="BernoulliConfidenceSequence.ExceedsRate"/> at the current counts, with the
    /// threshold given as ln(1/α) so a hot loop does not take a logarithm per look.
    /// </summary>
    public bool ExceedsRate(double logInverseAlpha) =>
        Trials > 0 && (double)Events / Trials > Rate && LogMixture >= logInverseAlpha;

    /// <summary>Back to n = 0.</summary>
    public void Reset()
    {
        Events = 0;
        Trials = 0;
        logBetaRatio = 0;
    }
}
