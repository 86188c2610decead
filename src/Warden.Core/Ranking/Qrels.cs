using System.Collections.ObjectModel;
using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>
/// Relevance judgments from a TREC qrels file: for each query, each judged document's integer
/// relevance level. Levels above 0 are gains for nDCG; 0 is judged not relevant; negative levels
/// are kept as read and count as not relevant (trec_eval treats them as "in the pool, unjudged").
/// Also used for compliance labels (0 = not compliant, 1 = compliant).
/// </summary>
public sealed class Qrels
{
    private readonly Dictionary<string, Dictionary<string, int>> _judgments;
    private readonly Dictionary<string, ReadOnlyDictionary<string, int>> _readOnly;
    private readonly Dictionary<string, int[]> _idealGains;

    internal Qrels(Dictionary<string, Dictionary<string, int>> judgments, EvidenceInfo evidence)
    {
        _judgments = judgments;
        Evidence = evidence;
        _readOnly = new Dictionary<string, ReadOnlyDictionary<string, int>>(judgments.Count);
        _idealGains = new Dictionary<string, int[]>(judgments.Count);
        foreach (var (qid, documents) in judgments)
        {
            _readOnly.Add(qid, new ReadOnlyDictionary<string, int>(documents));
            _idealGains.Add(qid, IdealGainsOf(documents));
            JudgmentCount += documents.Count;
        }

        var ids = judgments.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        SortedQueryIds = ids;
        QueryIds = Array.AsReadOnly(ids);
    }

    /// <summary>Query ids with at least one judgment, sorted ordinally.</summary>
    public IReadOnlyCollection<string> QueryIds { get; }

    /// <summary>Judgments accepted, over all queries.</summary>
    public int JudgmentCount { get; }

    /// <summary>The same ids as <see cref="QueryIds"/>, as the array the metrics merge over.</summary>
    internal string[] SortedQueryIds { get; }

    /// <summary>Provenance of the qrels file.</summary>
    public EvidenceInfo Evidence { get; }

    /// <summary>The judgments of <paramref name="qid"/>: docid to relevance level.</summary>
    public bool TryGetJudgments(string qid, out IReadOnlyDictionary<string, int> judgments)
    {
        if (_readOnly.TryGetValue(qid, out var found))
        {
            judgments = found;
            return true;
        }

        judgments = ReadOnlyDictionary<string, int>.Empty;
        return false;
    }

    /// <summary>The judgments dictionary itself, for metric loops.</summary>
    internal bool TryGetJudgmentMap(string qid, out Dictionary<string, int> judgments) => _judgments.TryGetValue(qid, out judgments!);

    /// <summary>
    /// The query's positive relevance levels, highest first: the ideal ranking of trec_eval's
    /// ndcg_cut, built from every judged document of the query, retrieved or not.
    /// </summary>
    internal int[] IdealGains(string qid) => _idealGains[qid];

    private static int[] IdealGainsOf(Dictionary<string, int> documents)
    {
        var positive = 0;
        foreach (var level in documents.Values)
        {
            if (level > 0)
            {
                positive++;
            }
        }

        var gains = new int[positive];
        var i = 0;
        foreach (var level in documents.Values)
        {
            if (level > 0)
            {
                gains[i++] = level;
            }
        }

        Array.Sort(gains);
        Array.Reverse(gains);
        return gains;
    }
}
