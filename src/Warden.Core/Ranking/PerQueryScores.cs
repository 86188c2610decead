namespace Warden.Core.Ranking;

/// <summary>
/// One metric evaluated per query: the query ids (sorted ordinally), the value of each, and
/// their mean. This is what paired comparisons (<see cref="PairedBootstrap"/>) resample.
/// </summary>
public sealed record PerQueryScores
{
    /// <summary>Metric name, e.g. <c>ndcg_cut</c> or <c>compliance</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>The cutoff K the metric was computed at.</summary>
    public required int K { get; init; }

    /// <summary>The evaluated query ids, sorted ordinally, without duplicates.</summary>
    public required IReadOnlyList<string> QueryIds { get; init; }

    /// <summary>The value of each query, aligned with <see cref="QueryIds"/>.</summary>
    public required IReadOnlyList<double> Values { get; init; }

    /// <summary>Arithmetic mean of <see cref="Values"/> (what trec_eval prints as <c>all</c>).</summary>
    public required double Mean { get; init; }
}
