using Warden.Core.Statistics;

namespace Warden.Core.Ranking;

/// <summary>
/// The ranking quality of one run: nDCG@K and Compliance@K per query, and their means with
/// bootstrap intervals. A metric whose judgments are missing, or share no query with the run,
/// is null.
/// </summary>
public sealed record RunQuality
{
    /// <summary>The evaluated run.</summary>
    public required Run Run { get; init; }

    /// <summary>nDCG@K per query (as trec_eval's ndcg_cut); null without relevance judgments.</summary>
    public PerQueryScores? Ndcg { get; init; }

    /// <summary>Mean nDCG@K with its bootstrap interval, citing the run and the judgments.</summary>
    public Estimate? NdcgMean { get; init; }

    /// <summary>Compliance@K per query; null without compliance labels.</summary>
    public PerQueryScores? Compliance { get; init; }

    /// <summary>Mean Compliance@K with its bootstrap interval, citing the run and the labels.</summary>
    public Estimate? ComplianceMean { get; init; }
}
