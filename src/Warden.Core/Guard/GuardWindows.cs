namespace Warden.Core.Guard;

/// <summary>
/// How the guard keeps a fault that begins late in a phase from being diluted by the healthy
/// requests before it. Each trigger is tested on several windows at once: the whole phase, and a
/// fresh window started every <see cref="RestartEvery"/> (the latest <see cref="Kept"/> of them are
/// watched). The trigger's level is spent over the windows so that all of them together keep it:
/// the phase window spends <see cref="PhaseSpend"/> of it and the k-th restarted window
/// <c>1 / (2 k (k + 1))</c>, a series that sums to one half (Bonferroni over the windows; each
/// window's test is anytime-valid from its own start, which is fixed by the clock, not by the
/// data). A fault's detection then waits for at most one restart interval of healthy requests to
/// wash out, at the price of <c>ln(2 k (k + 1))</c> more evidence in the k-th window.
/// </summary>
public static class GuardWindows
{
    /// <summary>A new window starts this often within a phase.</summary>
    public static readonly TimeSpan RestartEvery = TimeSpan.FromSeconds(10);

    /// <summary>The restarted windows watched at once (the latest ones; dropping a test never raises the false-alarm level).</summary>
    public const int Kept = 6;

    /// <summary>The phase window's share of each trigger's level.</summary>
    public const double PhaseSpend = 0.5;

    /// <summary>The k-th restarted window's share of each trigger's level (k ≥ 1): 1 / (2 k (k + 1)).</summary>
    public static double RestartSpend(long k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return 0.5 / (k * (double)(k + 1));
    }
}
