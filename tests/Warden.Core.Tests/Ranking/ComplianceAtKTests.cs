using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class ComplianceAtKTests
{
    private const string Labels = """
        q1 0 a 1
        q1 0 b 0
        q1 0 c 1
        q2 0 a 0
        q2 0 b 1
        q4 0 a 1

        """;

    // q1 order: a, b, u (unlabelled), c. q2 order: a, b. q3 is not in the labels.
    private const string RunText = """
        q1 Q0 a 1 4 t
        q1 Q0 b 2 3 t
        q1 Q0 u 3 2 t
        q1 Q0 c 4 1 t
        q2 Q0 a 1 2 t
        q2 Q0 b 2 1 t
        q3 Q0 a 1 1 t

        """;

    [Theory]
    // By hand: k=1: q1 top a (1) -> 1/1; q2 top a (0) -> 0/1; mean 0.5.
    [InlineData(1, UnlabelledDocuments.NotCompliant, 1.0, 0.0)]
    // k=3: q1 a, b, u -> 1 compliant of 3; q2 a, b -> 1 of 3 (missing third slot counts as not compliant).
    [InlineData(3, UnlabelledDocuments.NotCompliant, 1.0 / 3, 1.0 / 3)]
    // Unlabelled u now compliant: q1 a, u -> 2 of 3; q2 unchanged.
    [InlineData(3, UnlabelledDocuments.Compliant, 2.0 / 3, 1.0 / 3)]
    // k=4: q1 a, u, c -> 3 of 4 with u compliant; q2 b -> 1 of 4.
    [InlineData(4, UnlabelledDocuments.Compliant, 3.0 / 4, 1.0 / 4)]
    public void ComplianceAtK_HandCase_CountsCompliantOverK(int k, UnlabelledDocuments unlabelled, double q1, double q2)
    {
        var scores = RankingMetrics.ComplianceAtK(TrecText.ReadCompliance(Labels).Qrels, TrecText.Run(RunText), k, unlabelled);

        Assert.Equal("compliance", scores.Metric);
        Assert.Equal(k, scores.K);
        Assert.Equal(["q1", "q2"], scores.QueryIds);
        Assert.Equal(q1, scores.Values[0], 15);
        Assert.Equal(q2, scores.Values[1], 15);
        Assert.Equal((q1 + q2) / 2, scores.Mean, 15);
    }

    [Fact]
    public void ComplianceAtK_DefaultUnlabelled_IsNotCompliant()
    {
        var labels = TrecText.ReadCompliance(Labels).Qrels;
        var run = TrecText.Run(RunText);

        Assert.Equal(
            RankingMetrics.ComplianceAtK(labels, run, 3, UnlabelledDocuments.NotCompliant).Values,
            RankingMetrics.ComplianceAtK(labels, run, 3).Values);
    }

    [Fact]
    public void ComplianceAtK_NoSharedQuery_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            RankingMetrics.ComplianceAtK(TrecText.ReadCompliance("x 0 a 1\n").Qrels, TrecText.Run(RunText), 1));

        Assert.Contains("share no query id", ex.Message, StringComparison.Ordinal);
    }
}
