using System.Runtime.InteropServices;
using Warden.Core.Statistics;

namespace Warden.Core.Ranking;

/// <summary>
/// How alike two systems score the same documents: the v1/v2 score correlation safety gate. A
/// candidate whose scores track production's almost perfectly has probably learned nothing new.
/// </summary>
public static class ScoreCorrelation
{
    /// <summary>
    /// Pearson's r between the baseline's and the candidate's scores over every (query, document)
    /// pair both runs retrieved, with the Fisher-z interval of <see cref="Correlation.Pearson"/>.
    /// Pairs are taken in query-id order (ordinal), then in the baseline's ranking order, so the
    /// result does not depend on how the runs were read.
    /// </summary>
    /// <param name="baseline">Production's run.</param>
    /// <param name="candidate">The candidate's run.</param>
    /// <param name="confidence">Two-sided confidence level, strictly between 0 and 1.</param>
    /// <returns>
    /// r with its interval; <see cref="Estimate.SampleSize"/> is the number of shared pairs and
    /// <see cref="Estimate.Evidence"/> the two runs' evidence ids (baseline first).
    /// </returns>
    /// <exception cref="ArgumentException">
    /// The runs share no (query, document) pair; or, from <see cref="Correlation.Pearson"/>, they
    /// share only one, or one run gives every shared document the same score.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">Confidence is outside (0, 1).</exception>
    public static Estimate Pearson(Run baseline, Run candidate, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);

        var x = new List<double>();
        var y = new List<double>();
        var candidateScores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var qid in baseline.QueryIds)
        {
            if (!candidate.TryGetRanking(qid, out var candidateRanking)
                || !baseline.TryGetRanking(qid, out var baselineRanking))
            {
                continue;
            }

            candidateScores.Clear();
            foreach (var document in candidateRanking)
            {
                candidateScores[document.DocId] = document.Score;
            }

            foreach (var document in baselineRanking)
            {
                if (candidateScores.TryGetValue(document.DocId, out var score))
                {
                    x.Add(document.Score);
                    y.Add(score);
                }
            }
        }

        if (x.Count == 0)
        {
            throw new ArgumentException(
                $"the baseline run ({baseline.Evidence.Source}, {baseline.Evidence.Id}) and the candidate run "
                + $"({candidate.Evidence.Source}, {candidate.Evidence.Id}) share no (query, document) pair; "
                + "score correlation needs both runs to score the same documents for the same queries",
                nameof(candidate));
        }

        var estimate = Correlation.Pearson(CollectionsMarshal.AsSpan(x), CollectionsMarshal.AsSpan(y), confidence);
        return estimate.WithEvidence(baseline.Evidence.Id, candidate.Evidence.Id);
    }
}
