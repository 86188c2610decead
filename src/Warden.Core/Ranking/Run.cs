using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// A TREC run: for each query, the retrieved documents in the order trec_eval evaluates them —
/// score descending, equal scores broken by docid descending in byte (code-point) order. The
/// run file's rank column is ignored, as trec_eval ignores it (get_trec_results.c).
/// </summary>
public sealed class Run
{
    private readonly Dictionary<string, RunQuery> _rankings;

    internal Run(Dictionary<string, RunQuery> rankings, string tag, EvidenceInfo evidence)
    {
        _rankings = rankings;
        Tag = tag;
        Evidence = evidence;
        var ids = rankings.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        SortedQueryIds = ids;
        QueryIds = Array.AsReadOnly(ids);
    }

    /// <summary>
    /// The run tag of the first accepted line (trec_eval keeps the last line's; runs carry one
    /// tag throughout, so the two agree on well-formed files). Empty when no line was accepted.
    /// </summary>
    public string Tag { get; }

    /// <summary>Query ids with at least one retrieved document, sorted ordinally.</summary>
    public IReadOnlyCollection<string> QueryIds { get; }

    /// <summary>The same ids as <see cref="QueryIds"/>, as the array the metrics merge over.</summary>
    internal string[] SortedQueryIds { get; }

    /// <summary>Provenance of the run file.</summary>
    public EvidenceInfo Evidence { get; }

    /// <summary>
    /// True when at least one of the run's queries has judgments in <paramref name="judgments"/>;
    /// without one, no metric can be averaged (trec_eval refuses such a pair too).
    /// </summary>
    public bool SharesQueryWith(Qrels judgments)
    {
        ArgumentNullException.ThrowIfNull(judgments);
        return QueryIds.Any(qid => judgments.TryGetJudgments(qid, out _));
    }

    /// <summary>
    /// The ranking of <paramref name="qid"/>, best first, in trec_eval's order. Rankings are
    /// stored compactly; the list builds each <see cref="RankedDocument"/> (decoding its id) when
    /// it is read, so copy it if you read every element many times.
    /// </summary>
    public bool TryGetRanking(string qid, out IReadOnlyList<RankedDocument> ranking)
    {
        if (_rankings.TryGetValue(qid, out var query))
        {
            ranking = new RankingView(query);
            return true;
        }

        ranking = [];
        return false;
    }

    /// <summary>The compact ranking itself, for metric loops that must not allocate per document.</summary>
    internal bool TryGetQuery(string qid, out RunQuery query) => _rankings.TryGetValue(qid, out query!);
}
