using System.Text;

namespace Warden.Core.Ranking;

/// <summary>
/// Per-query ranking metrics computed the way trec_eval computes them, over the queries that
/// trec_eval averages by default: those present in both the judgments and the run (queries only
/// in the run have nothing to be judged against; queries only in the judgments are skipped, as
/// trec_eval skips them without <c>-c</c>).
/// </summary>
public static class RankingMetrics
{
    // Document ids up to this many UTF-8 bytes are decoded on the stack for the judgment lookup.
    private const int StackDocIdChars = 512;

    /// <summary>Metric name of <see cref="NdcgCut"/> (trec_eval's measure name).</summary>
    public const string NdcgCutMetric = "ndcg_cut";

    /// <summary>Metric name of <see cref="ComplianceAtK"/>.</summary>
    public const string ComplianceMetric = "compliance";

    /// <summary>
    /// nDCG@<paramref name="k"/> per query, as trec_eval's <c>ndcg_cut.k</c> (m_ndcg_cut.c,
    /// trec_eval 9.0.x/10.0): DCG = Σ over the first k documents of the run (in
    /// <see cref="Run"/>'s order: score descending, ties by docid descending) of
    /// gain / log2(rank + 1), rank 1-based, where gain is the document's relevance level when it
    /// is above 0 and nothing otherwise (level 0, negative levels and unjudged documents add 0).
    /// The ideal DCG takes every positive level judged for the query, retrieved or not, sorted
    /// highest first and cut at k. nDCG = DCG / ideal DCG; a query with no positive judgment
    /// scores 0 and still counts in the mean.
    /// </summary>
    /// <param name="qrels">Relevance judgments.</param>
    /// <param name="run">The ranked run.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <exception cref="ArgumentException">The run and the judgments share no query id.</exception>
    public static PerQueryScores NdcgCut(Qrels qrels, Run run, int k)
    {
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);

        var queryIds = CommonQueries(qrels.SortedQueryIds, run.SortedQueryIds, "qrels");
        Span<char> buffer = stackalloc char[StackDocIdChars];
        var values = new double[queryIds.Length];
        var sum = 0.0;
        for (var q = 0; q < queryIds.Length; q++)
        {
            var qid = queryIds[q];
            run.TryGetQuery(qid, out var ranking);
            qrels.TryGetJudgmentMap(qid, out var judgments);
            var lookup = judgments.GetAlternateLookup<ReadOnlySpan<char>>();

            var dcg = 0.0;
            var depth = Math.Min(k, ranking.Count);
            for (var i = 0; i < depth; i++)
            {
                if (TryGetLabel(lookup, ranking.DocIdBytesAt(i), buffer, out var level) && level > 0)
                {
                    dcg += level / Math.Log2(i + 2.0);
                }
            }

            var ideal = qrels.IdealGains(qid);
            var idealDcg = 0.0;
            var idealDepth = Math.Min(k, ideal.Length);
            for (var i = 0; i < idealDepth; i++)
            {
                idealDcg += ideal[i] / Math.Log2(i + 2.0);
            }

            // With no positive judgment both sums are 0; trec_eval then leaves the value at DCG, i.e. 0.
            values[q] = idealDcg > 0.0 ? dcg / idealDcg : dcg;
            sum += values[q];
        }

        return new PerQueryScores { Metric = NdcgCutMetric, K = k, QueryIds = queryIds, Values = values, Mean = sum / values.Length };
    }

    /// <summary>
    /// Compliance@<paramref name="k"/> per query: the number of compliant documents among the
    /// first k of the run, divided by k. A run with fewer than k documents for a query has the
    /// missing slots counted as not compliant (the convention of trec_eval's P@k). A document is
    /// compliant when its label is above 0; a document without a label for that query counts as
    /// <paramref name="unlabelled"/> says. Evaluated over the queries present in both the labels
    /// and the run, like <see cref="NdcgCut"/>: a query the run did not answer showed nothing.
    /// </summary>
    /// <param name="complianceLabels">Labels read by <see cref="QrelsReader.ReadCompliance"/> (0 = not compliant, 1 = compliant).</param>
    /// <param name="run">The ranked run.</param>
    /// <param name="k">The cutoff, at least 1.</param>
    /// <param name="unlabelled">How to count a retrieved document with no label.</param>
    /// <exception cref="ArgumentException">The run and the labels share no query id.</exception>
    public static PerQueryScores ComplianceAtK(Qrels complianceLabels, Run run, int k, UnlabelledDocuments unlabelled = UnlabelledDocuments.NotCompliant)
    {
        ArgumentNullException.ThrowIfNull(complianceLabels);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!Enum.IsDefined(unlabelled))
        {
            throw new ArgumentOutOfRangeException(nameof(unlabelled), unlabelled, "Use UnlabelledDocuments.NotCompliant or UnlabelledDocuments.Compliant.");
        }

        var unlabelledCounts = unlabelled == UnlabelledDocuments.Compliant;
        var queryIds = CommonQueries(complianceLabels.SortedQueryIds, run.SortedQueryIds, "compliance labels");
        Span<char> buffer = stackalloc char[StackDocIdChars];
        var values = new double[queryIds.Length];
        var sum = 0.0;
        for (var q = 0; q < queryIds.Length; q++)
        {
            var qid = queryIds[q];
            run.TryGetQuery(qid, out var ranking);
            complianceLabels.TryGetJudgmentMap(qid, out var labels);
            var lookup = labels.GetAlternateLookup<ReadOnlySpan<char>>();

            var compliant = 0;
            var depth = Math.Min(k, ranking.Count);
            for (var i = 0; i < depth; i++)
            {
                if (TryGetLabel(lookup, ranking.DocIdBytesAt(i), buffer, out var label) ? label > 0 : unlabelledCounts)
                {
                    compliant++;
                }
            }

            values[q] = (double)compliant / k;
            sum += values[q];
        }

        return new PerQueryScores { Metric = ComplianceMetric, K = k, QueryIds = queryIds, Values = values, Mean = sum / values.Length };
    }

    /// <summary>Looks a run's UTF-8 document id up in a judgments dictionary without allocating a string.</summary>
    private static bool TryGetLabel(Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> docId, Span<char> buffer, out int label)
    {
        // A UTF-8 id never decodes to more chars than it has bytes.
        var chars = docId.Length <= buffer.Length ? buffer : new char[docId.Length];
        var length = Encoding.UTF8.GetChars(docId, chars);
        return lookup.TryGetValue(chars[..length], out label);
    }

    /// <summary>Ordinal merge of two sorted id arrays.</summary>
    private static string[] CommonQueries(string[] judged, string[] retrieved, string judgedName)
    {
        var common = new List<string>(Math.Min(judged.Length, retrieved.Length));
        int i = 0, j = 0;
        while (i < judged.Length && j < retrieved.Length)
        {
            var c = string.CompareOrdinal(judged[i], retrieved[j]);
            if (c == 0)
            {
                common.Add(judged[i]);
                i++;
                j++;
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        if (common.Count == 0)
        {
            throw new ArgumentException(
                $"The run and the {judgedName} share no query id (run: {retrieved.Length} queries, e.g. '{First(retrieved)}'; " +
                $"{judgedName}: {judged.Length} queries, e.g. '{First(judged)}'). Check that both files use the same query ids; " +
                "trec_eval stops here too ('No queries with both results and relevance info').");
        }

        return [.. common];
    }

    private static string First(string[] ids) => ids.Length > 0 ? ids[0] : "(none)";
}
