using MathNet.Numerics.Distributions;

namespace Warden.Core.Statistics;

/// <summary>
/// The standard-normal critical value z<sub>1−α/2</sub> of a two-sided confidence level, shared by
/// the Wilson, Newcombe and Fisher-z intervals so every statistic validates the level the same way.
/// </summary>
internal static class NormalQuantile
{
    /// <summary>
    /// Returns z with P(−z &lt; Z &lt; z) = <paramref name="confidence"/> for a standard normal Z.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Confidence is not strictly between 0 and 1.</exception>
    public static double TwoSided(double confidence)
    {
        // The negated comparison also rejects NaN.
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(confidence), $"confidence must be strictly between 0 and 1, e.g. 0.95 (got {confidence})");
        }

        // Upper tail as 1 − (1 − c)/2 = (1 + c)/2; MathNet's InvCDF matches scipy.stats.norm.ppf
        // to 1 ulp at 0.975 (1.9599639845400538 vs 1.959963984540054).
        return Normal.InvCDF(0, 1, (1 + confidence) / 2);
    }
}
