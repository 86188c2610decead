using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class NdcgCutTests
{
    private const string HandQrels = """
        q1 0 A 3
        q1 0 B 2
        q1 0 C 0
        q1 0 D 1
        q1 0 E 1
        q1 0 F -1
        q2 0 A 0
        q2 0 B 0
        q4 0 A 1

        """;

    private const string HandRun = """
        q1 Q0 C 1 5.0 t
        q1 Q0 A 2 4.0 t
        q1 Q0 X 3 4.0 t
        q1 Q0 B 4 3.0 t
        q1 Q0 F 5 2.0 t
        q1 Q0 D 6 1.0 t
        q2 Q0 A 1 1.0 t
        q3 Q0 A 1 1.0 t

        """;

    [Fact]
    public void NdcgCut_HandCase_MatchesTrecEvalRules()
    {
        // By hand. q1 order: C(5.0) then the 4.0 tie broken by docid descending: X before A,
        // then B, F, D -> levels 0, unjudged, 3, 2, -1, 1. Gain counts only levels > 0.
        // DCG@5  = 3/log2(4) + 2/log2(5)                       = 1.5 + 0.8613531161467862 = 2.3613531161467862
        // IDCG@5 = 3/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5) (levels 3,2,1,1; E counts though never retrieved)
        //        = 3 + 1.2618595071429148 + 0.5 + 0.43067655807339306 = 5.192536065216308
        // nDCG@5 = 0.4547591170266466. q2 has no level > 0: 0. q3 (run only) and q4 (qrels only)
        // are not evaluated. Mean = 0.4547591170266466 / 2 = 0.2273795585133233.
        var scores = RankingMetrics.NdcgCut(TrecText.Qrels(HandQrels), TrecText.Run(HandRun), 5);

        Assert.Equal("ndcg_cut", scores.Metric);
        Assert.Equal(5, scores.K);
        Assert.Equal(["q1", "q2"], scores.QueryIds);
        Assert.Equal(0.4547591170266466, scores.Values[0], 12);
        Assert.Equal(0.0, scores.Values[1]);
        Assert.Equal(0.2273795585133233, scores.Mean, 12);
    }

    [Fact]
    public void NdcgCut_CutoffBelowIdealLength_CutsIdealToo()
    {
        // DCG@3 = 3/log2(4) = 1.5; IDCG@3 = 3 + 2/log2(3) + 1/log2(4) = 4.761859507142915;
        // 1.5 / 4.761859507142915 = 0.31500299363094614 (python3: (3/math.log2(4))/(3+2/math.log2(3)+1/math.log2(4))).
        var scores = RankingMetrics.NdcgCut(TrecText.Qrels(HandQrels), TrecText.Run(HandRun), 3);

        Assert.Equal(0.31500299363094614, scores.Values[0], 12);
    }

    [Fact]
    public void NdcgCut_PerfectRanking_IsOne()
    {
        var qrels = TrecText.Qrels("q 0 a 2\nq 0 b 1\nq 0 c 0\n");
        var run = TrecText.Run("q Q0 a 1 3 t\nq Q0 b 2 2 t\nq Q0 c 3 1 t\n");

        Assert.Equal(1.0, RankingMetrics.NdcgCut(qrels, run, 10).Values[0], 15);
    }

    [Fact]
    public void NdcgCut_RelevantDocAtRankTwo_IsDiscountedByLog2OfThree()
    {
        // trec_eval 9.0.x/10: gain / log2(rank + 1); rank 2 -> 1/log2(3) = 0.6309297535714575.
        // (trec_eval 9.0alpha used log2(rank) with rank 1 undiscounted, which would give 1.0 here.)
        var qrels = TrecText.Qrels("q 0 a 1\n");
        var run = TrecText.Run("q Q0 z 1 2 t\nq Q0 a 2 1 t\n");

        Assert.Equal(0.6309297535714575, RankingMetrics.NdcgCut(qrels, run, 10).Values[0], 15);
    }

    [Fact]
    public void NdcgCut_LongNonAsciiDocId_IsMatchedToItsJudgment()
    {
        // 700 chars / 1,400 UTF-8 bytes: longer than the lookup's stack buffer. Alone at rank 1 with level 2: nDCG = 1.
        var longId = new string('\u00E9', 700);
        var qrels = TrecText.Qrels($"q 0 {longId} 2\n");
        var run = TrecText.Run($"q Q0 {longId} 1 1 t\nq Q0 other 2 0.5 t\n");

        Assert.Equal(1.0, RankingMetrics.NdcgCut(qrels, run, 10).Values[0]);
    }

    [Fact]
    public void NdcgCut_NoSharedQuery_ThrowsWithBothSides()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.NdcgCut(TrecText.Qrels("q1 0 a 1\n"), TrecText.Run("q2 Q0 a 1 1 t\n"), 10));

        Assert.Contains("share no query id (run: 1 queries, e.g. 'q2'; qrels: 1 queries, e.g. 'q1')", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NdcgCut_ZeroCutoff_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.NdcgCut(TrecText.Qrels(HandQrels), TrecText.Run(HandRun), 0));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(10)]
    public void NdcgCut_SeededRandomCase_MatchesPythonReimplementation(int k)
    {
        var scores = RankingMetrics.NdcgCut(TrecText.Qrels(TrecEvalReferenceCase.Qrels), TrecText.Run(TrecEvalReferenceCase.Run), k);
        var expected = k == 5 ? TrecEvalReferenceCase.NdcgCut5 : TrecEvalReferenceCase.NdcgCut10;

        Assert.Equal(TrecEvalReferenceCase.QueryIds, scores.QueryIds);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], scores.Values[i], 12);
        }

        Assert.Equal(k == 5 ? TrecEvalReferenceCase.MeanNdcgCut5 : TrecEvalReferenceCase.MeanNdcgCut10, scores.Mean, 12);
    }
}
