using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Gateway.Compliance;

/// <summary>
/// A service's compliance labels (<c>gateway.services.NAME.compliance_labels</c>): TREC qrels
/// lines <c>QUERY 0 ITEM LABEL</c>, LABEL 1 compliant and 0 not, read by Warden's compliance
/// qrels reader. For live traffic QUERY is matched against the request's query text; the query
/// <c>*</c> labels an item for every query.
/// </summary>
internal sealed class ComplianceLabels
{
    /// <summary>The query id whose labels hold for every query (item-level labels).</summary>
    public const string AnyQuery = "*";

    private readonly Qrels _qrels;
    private readonly IReadOnlyDictionary<string, int>? _anyQuery;

    /// <summary>Wraps labels read from <paramref name="path"/>.</summary>
    public ComplianceLabels(Qrels qrels, string path)
    {
        _qrels = qrels;
        Path = path;
        _anyQuery = qrels.TryGetJudgments(AnyQuery, out var any) ? any : null;
    }

    /// <summary>The label file, as resolved from warden.yaml's folder.</summary>
    public string Path { get; }

    /// <summary>Labels read, over all queries.</summary>
    public int Count => _qrels.JudgmentCount;

    /// <summary>Provenance (content id, lines) of the label file.</summary>
    public EvidenceInfo Evidence => _qrels.Evidence;

    /// <summary>
    /// Whether <paramref name="item"/> is compliant for <paramref name="query"/>: the label given
    /// under the exact query text wins; otherwise the item's <c>*</c> label; null when neither
    /// exists (the answer is then not judged).
    /// </summary>
    public bool? IsCompliant(string? query, string item)
    {
        if (query is not null && _qrels.TryGetJudgments(query, out var forQuery) && forQuery.TryGetValue(item, out var label))
        {
            return label > 0;
        }

        return _anyQuery is not null && _anyQuery.TryGetValue(item, out var anyLabel) ? anyLabel > 0 : null;
    }
}
