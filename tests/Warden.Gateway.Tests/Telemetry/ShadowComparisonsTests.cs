using Warden.Core.Statistics;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class ShadowComparisonsTests
{
    internal static ShadowComparison Comparison(
        double[]? production, double[]? shadow, int productionStatus = 200, int shadowStatus = 200,
        string productionVersion = "v1", string shadowVersion = "v2", string? key = null) => new()
        {
            Service = "ranker",
            Start = Outcomes.Epoch,
            ProductionVersion = productionVersion,
            ShadowVersion = shadowVersion,
            ProductionStatus = productionStatus,
            ShadowStatus = shadowStatus,
            ProductionLatencyMs = 10,
            ShadowLatencyMs = 12,
            ProductionScores = production,
            ShadowScores = shadow,
            Key = key,
        };

    [Fact]
    public void Summaries_PairsElementWise_CorrelationEqualsCoreOnSamePairs()
    {
        var shadows = new ShadowComparisons();
        shadows.Record(Comparison([0.1, 0.5, 0.9], [0.2, 0.4, 0.95]));
        shadows.Record(Comparison([0.3, 0.7], [0.25, 0.8], shadowStatus: 503));
        shadows.Record(Comparison([0.3, 0.7], [0.25]));
        shadows.Record(Comparison(null, [0.25]));
        shadows.Record(Comparison([0.6, double.PositiveInfinity], [0.65, 0.1]));

        var s = Assert.Single(shadows.Summaries(withStatistics: true));

        double[] x = [0.1, 0.5, 0.9, 0.3, 0.7, 0.6];
        double[] y = [0.2, 0.4, 0.95, 0.25, 0.8, 0.65];
        Assert.Equal((5L, 4L, 3L, 1L, 1L, 1L, 6L, 6L), (s.Comparisons, s.StatusMatches, s.ComparisonsWithScores, s.LengthMismatches, s.MissingScores, s.NonFinitePairs, s.PairsSeen, s.PairsKept));
        Assert.Equal(Correlation.Pearson(x, y), s.Pearson);
        Assert.Equal(Correlation.Spearman(x, y), s.Spearman);
        Assert.Equal(Proportion.Wilson(4, 5), s.StatusMatchRate);
        Assert.Null(s.CorrelationProblem);
        Assert.Equal((10.0, 12.0), (s.ProductionLatencyMeanMs, s.ShadowLatencyMeanMs));
    }

    [Fact]
    public void Summaries_MorePairsThanCapacity_KeepsTheMostRecent()
    {
        var shadows = new ShadowComparisons(maxPairs: 4);
        shadows.Record(Comparison([1, 2, 3], [1, 5, 2]));
        shadows.Record(Comparison([4, 5, 6], [3, 9, 4]));

        var s = Assert.Single(shadows.Summaries(withStatistics: true));

        Assert.Equal((6L, 4L), (s.PairsSeen, s.PairsKept));

        // The ring overwrote pairs 1 and 2; order does not matter for a correlation.
        Assert.Equal(Correlation.Pearson([5, 6, 3, 4], [9, 4, 2, 3]), s.Pearson);
    }

    [Fact]
    public void Summaries_ConstantScores_ReportsTheProblemInsteadOfThrowing()
    {
        var shadows = new ShadowComparisons();
        shadows.Record(Comparison([1, 1, 1], [0.2, 0.3, 0.4]));

        var s = Assert.Single(shadows.Summaries(withStatistics: true));

        Assert.Null(s.Pearson);
        Assert.Equal("one of the series is constant; correlation is undefined", s.CorrelationProblem);
    }

    [Fact]
    public void Summaries_OnePair_NeedsTwo()
    {
        var shadows = new ShadowComparisons();
        shadows.Record(Comparison([1], [2]));

        Assert.Equal("1 score pair(s); a correlation needs at least 2", shadows.Summaries(withStatistics: true)[0].CorrelationProblem);
    }

    [Fact]
    public void Record_VersionPairs_KeptApartAndOrdered()
    {
        var shadows = new ShadowComparisons();
        shadows.Record(Comparison(null, null, shadowVersion: "v3"));
        shadows.Record(Comparison(null, null, shadowVersion: "v2"));
        shadows.Record(Comparison(null, null, shadowVersion: "v3"));
        shadows.Record(Comparison(null, null, productionVersion: ""));

        var all = shadows.Summaries(withStatistics: false);

        Assert.Equal(["v2:1", "v3:2"], all.Select(s => $"{s.ShadowVersion}:{s.Comparisons}"));
        Assert.Null(all[0].StatusMatchRate);
        Assert.Equal(1, shadows.Invalid);
    }

    [Fact]
    public void Record_MoreVersionPairsThanCap_CountsOverflow()
    {
        var shadows = new ShadowComparisons();
        for (var i = 0; i < ShadowComparisons.MaxAccumulators + 2; i++)
        {
            shadows.Record(Comparison(null, null, shadowVersion: $"v{i}"));
        }

        Assert.Equal(2, shadows.Overflow);
        Assert.Equal(ShadowComparisons.MaxAccumulators, shadows.Summaries(withStatistics: false).Count);
    }
}
