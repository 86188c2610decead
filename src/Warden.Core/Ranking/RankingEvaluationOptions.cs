namespace Warden.Core.Ranking;

/// <summary>
/// The settings of a <see cref="RankingEvaluation"/>: cut-offs, how unlabelled documents count,
/// and the bootstrap. <c>warden eval</c> takes them from its options, a verdict from its policy.
/// </summary>
public sealed record RankingEvaluationOptions
{
    /// <summary>Cut-off K of nDCG@K.</summary>
    public int NdcgK { get; init; } = 10;

    /// <summary>Cut-off K of Compliance@K.</summary>
    public int ComplianceK { get; init; } = 1;

    /// <summary>How a retrieved document with no compliance label counts.</summary>
    public UnlabelledDocuments Unlabelled { get; init; } = UnlabelledDocuments.NotCompliant;

    /// <summary>Confidence level of every interval, in (0, 1).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Resamples of every bootstrap, at least 1.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>
    /// Seed of every bootstrap. Each interval draws from its own <c>new Random(Seed)</c>, so every
    /// run's interval is the same whatever other runs are evaluated beside it.
    /// </summary>
    public int Seed { get; init; } = PairedBootstrap.DefaultSeed;
}
