using Warden.Core.Ranking;
using Warden.Core.Statistics;

namespace Warden.Core.Tests.Ranking;

public sealed class RankingEvaluationTests
{
    private const string QrelsText = """
        q1 0 a 2
        q1 0 b 1
        q2 0 c 1
        q3 0 a 1
        q3 0 d 3

        """;

    private const string LabelsText = """
        q1 0 a 1
        q1 0 b 0
        q2 0 c 1
        q2 0 a 0
        q3 0 d 1

        """;

    private const string BaselineText = """
        q1 Q0 b 1 3 base
        q1 Q0 a 2 2 base
        q2 Q0 a 1 2 base
        q2 Q0 c 2 1 base
        q3 Q0 a 1 2 base
        q3 Q0 d 2 1 base

        """;

    private const string CandidateText = """
        q1 Q0 a 1 3 cand
        q1 Q0 b 2 2 cand
        q2 Q0 c 1 2 cand
        q2 Q0 a 2 1 cand
        q3 Q0 d 1 2 cand
        q3 Q0 a 2 1 cand

        """;

    private static readonly RankingEvaluationOptions Options = new() { NdcgK = 2, ComplianceK = 1, Resamples = 300, Seed = 5 };

    [Fact]
    public void Of_TwoRuns_GivesEachRunsBootstrapMeanAndThePairedDeltas()
    {
        var (qrels, labels, baseline, candidate) = (TrecText.Qrels(QrelsText), Labels(), TrecText.Run(BaselineText), TrecText.Run(CandidateText));

        var evaluation = RankingEvaluation.Of(qrels, labels, [baseline, candidate], Options);

        var ndcgBase = RankingMetrics.NdcgCut(qrels, baseline, 2);
        var ndcgCand = RankingMetrics.NdcgCut(qrels, candidate, 2);
        var compBase = RankingMetrics.ComplianceAtK(labels, baseline, 1);
        var compCand = RankingMetrics.ComplianceAtK(labels, candidate, 1);
        Assert.Equal(Mean(ndcgBase).WithEvidence(baseline.Evidence.Id, qrels.Evidence.Id), evaluation.Runs[0].NdcgMean, EstimateEquality.Instance);
        Assert.Equal(Mean(compCand).WithEvidence(candidate.Evidence.Id, labels.Evidence.Id), evaluation.Runs[1].ComplianceMean, EstimateEquality.Instance);
        Assert.Equal(
            PairedBootstrap.MeanDifference(ndcgBase, ndcgCand, 300, 5).WithEvidence(baseline.Evidence.Id, candidate.Evidence.Id, qrels.Evidence.Id),
            evaluation.NdcgDelta,
            EstimateEquality.Instance);
        Assert.Equal(
            PairedBootstrap.MeanDifference(compBase, compCand, 300, 5).WithEvidence(baseline.Evidence.Id, candidate.Evidence.Id, labels.Evidence.Id),
            evaluation.ComplianceDelta,
            EstimateEquality.Instance);

        // By hand, Compliance@1: baseline tops b (0), a (0), a (unlabelled → 0); candidate a (1), c (1), d (1).
        Assert.Equal(0.0, evaluation.Runs[0].ComplianceMean!.Value);
        Assert.Equal(1.0, evaluation.ComplianceDelta!.Value);
    }

    [Fact]
    public void Of_OneRun_HasNoDeltas()
    {
        var evaluation = RankingEvaluation.Of(TrecText.Qrels(QrelsText), Labels(), [TrecText.Run(BaselineText)], Options);

        Assert.Single(evaluation.Runs);
        Assert.NotNull(evaluation.Runs[0].NdcgMean);
        Assert.Null(evaluation.NdcgDelta);
        Assert.Null(evaluation.ComplianceDelta);
    }

    [Fact]
    public void Of_NoLabels_HasNoComplianceButNdcg()
    {
        var evaluation = RankingEvaluation.Of(TrecText.Qrels(QrelsText), null, [TrecText.Run(BaselineText), TrecText.Run(CandidateText)], Options);

        Assert.All(evaluation.Runs, r => Assert.Null(r.ComplianceMean));
        Assert.Null(evaluation.ComplianceDelta);
        Assert.NotNull(evaluation.NdcgDelta);
    }

    [Fact]
    public void Of_LabelsSharingNoQueryWithTheRun_HasNoCompliance()
    {
        var other = TrecText.ReadCompliance("q9 0 a 1\n").Qrels;

        var evaluation = RankingEvaluation.Of(TrecText.Qrels(QrelsText), other, [TrecText.Run(BaselineText), TrecText.Run(CandidateText)], Options);

        Assert.All(evaluation.Runs, r => Assert.Null(r.Compliance));
        Assert.Null(evaluation.ComplianceDelta);
    }

    [Fact]
    public void Of_ThreeRuns_Throws()
    {
        var run = TrecText.Run(BaselineText);

        var ex = Assert.Throws<ArgumentException>(() => RankingEvaluation.Of(TrecText.Qrels(QrelsText), null, [run, run, run], Options));

        Assert.Contains("3 runs given", ex.Message, StringComparison.Ordinal);
    }

    private static Qrels Labels() => TrecText.ReadCompliance(LabelsText).Qrels;

    private static Estimate Mean(PerQueryScores scores) => MeanBootstrap.Mean([.. scores.Values], 300, 5);

    // Estimate is a record, but its evidence is an ImmutableArray, which compares by reference.
    private sealed class EstimateEquality : IEqualityComparer<Estimate?>
    {
        public static readonly EstimateEquality Instance = new();

        public bool Equals(Estimate? x, Estimate? y) =>
            x is null || y is null
                ? x is null && y is null
                : x with { Evidence = [] } == y with { Evidence = [] } && x.Evidence.SequenceEqual(y.Evidence);

        public int GetHashCode(Estimate? obj) => 0;
    }
}
