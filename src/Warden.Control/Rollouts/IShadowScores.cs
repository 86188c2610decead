using Warden.Core.Statistics;

namespace Warden.Rollouts;

/// <summary>
/// The score correlation of production's and the shadow's answers to the same mirrored requests
/// (the gateway compares them as it mirrors); the live shadow verdict's safety evidence.
/// </summary>
internal interface IShadowScores
{
    /// <summary>Pearson correlation with its interval for <paramref name="service"/> with <paramref name="shadowVersion"/> as shadow, or null when no pair with scores was seen.</summary>
    Estimate? Correlation(string service, string shadowVersion, double confidence);
}
