using Warden.Core.Statistics;

namespace Warden.Core.Ranking;

/// <summary>
/// nDCG@K and Compliance@K of one or two runs, each mean with a bootstrap interval, and for two
/// runs the paired differences second − first. <c>warden eval</c> and the verdict's
/// <c>MeasurementBuilder</c> both compute their ranking numbers here, so the same files and
/// settings give the same numbers in both.
/// </summary>
public sealed record RankingEvaluation
{
    /// <summary>Each run's quality, in the order given.</summary>
    public required IReadOnlyList<RunQuality> Runs { get; init; }

    /// <summary>Mean nDCG@K of the second run minus the first, paired by query; null unless both have it.</summary>
    public Estimate? NdcgDelta { get; init; }

    /// <summary>Mean Compliance@K of the second run minus the first, paired by query; null unless both have it.</summary>
    public Estimate? ComplianceDelta { get; init; }

    /// <summary>Evaluates <paramref name="runs"/> against the judgments that are given.</summary>
    /// <param name="qrels">Relevance judgments, or null (then no nDCG).</param>
    /// <param name="labels">Compliance labels, or null (then no Compliance).</param>
    /// <param name="runs">One run, or two to compare: the baseline first, the candidate second.</param>
    /// <param name="options">Cut-offs, unlabelled documents and bootstrap settings.</param>
    /// <exception cref="ArgumentException">More than two runs, or two runs whose scores share no query.</exception>
    public static RankingEvaluation Of(Qrels? qrels, Qrels? labels, IReadOnlyList<Run> runs, RankingEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        if (runs.Count > 2)
        {
            throw new ArgumentException($"{runs.Count} runs given; evaluate one run, or two to compare (baseline first, candidate second).", nameof(runs));
        }

        var qualities = runs.Select(run => Quality(qrels, labels, run, options)).ToArray();
        if (qualities.Length < 2)
        {
            return new RankingEvaluation { Runs = qualities };
        }

        var (first, second) = (qualities[0], qualities[1]);
        return new RankingEvaluation
        {
            Runs = qualities,
            NdcgDelta = first.Ndcg is { } a && second.Ndcg is { } b
                ? Difference(a, b, options).WithEvidence(first.Run.Evidence.Id, second.Run.Evidence.Id, qrels!.Evidence.Id)
                : null,
            ComplianceDelta = first.Compliance is { } ca && second.Compliance is { } cb
                ? Difference(ca, cb, options).WithEvidence(first.Run.Evidence.Id, second.Run.Evidence.Id, labels!.Evidence.Id)
                : null,
        };
    }

    private static RunQuality Quality(Qrels? qrels, Qrels? labels, Run run, RankingEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ndcg = qrels is null || !run.SharesQueryWith(qrels) ? null : RankingMetrics.NdcgCut(qrels, run, options.NdcgK);
        var compliance = labels is null || !run.SharesQueryWith(labels) ? null : RankingMetrics.ComplianceAtK(labels, run, options.ComplianceK, options.Unlabelled);
        return new RunQuality
        {
            Run = run,
            Ndcg = ndcg,
            NdcgMean = ndcg is null ? null : Mean(ndcg, options).WithEvidence(run.Evidence.Id, qrels!.Evidence.Id),
            Compliance = compliance,
            ComplianceMean = compliance is null ? null : Mean(compliance, options).WithEvidence(run.Evidence.Id, labels!.Evidence.Id),
        };
    }

    private static Estimate Mean(PerQueryScores scores, RankingEvaluationOptions options) =>
        MeanBootstrap.Mean([.. scores.Values], options.Resamples, options.Seed, options.Confidence);

    private static Estimate Difference(PerQueryScores first, PerQueryScores second, RankingEvaluationOptions options) =>
        PairedBootstrap.MeanDifference(first, second, options.Resamples, options.Seed, options.Confidence);
}
