using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void MeanDifference_IdenticalScores_IsExactlyZeroWithZeroWidth()
    {
        var a = RandomScores(500, seed: 1, shift: 0);

        var estimate = PairedBootstrap.MeanDifference(a, a with { });

        Assert.Equal(0.0, estimate.Value);
        Assert.Equal(0.0, estimate.Low);
        Assert.Equal(0.0, estimate.High);
    }

    [Fact]
    public void MeanDifference_SameSeed_IsDeterministic()
    {
        var a = RandomScores(300, seed: 2, shift: 0);
        var b = RandomScores(300, seed: 3, shift: 0.05);

        var first = PairedBootstrap.MeanDifference(a, b, resamples: 500, seed: 7);
        var second = PairedBootstrap.MeanDifference(a, b, resamples: 500, seed: 7);
        var other = PairedBootstrap.MeanDifference(a, b, resamples: 500, seed: 8);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Low, other.Low);
        Assert.Equal("paired-bootstrap-percentile", first.Method);
        Assert.Equal(500, first.Resamples);
        Assert.Equal(7, first.Seed);
        Assert.Equal(300, first.SampleSize);
        Assert.Equal(0.95, first.Confidence);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    public void MeanDifference_RandomScores_IntervalContainsEstimateAndMatchesNormalWidth(int seed)
    {
        var a = RandomScores(2000, seed, shift: 0);
        var b = RandomScores(2000, seed + 100, shift: 0.1);
        var differences = a.Values.Zip(b.Values, (x, y) => y - x).ToArray();
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1));

        var estimate = PairedBootstrap.MeanDifference(a, b, seed: seed);

        // Candidate minus baseline, on the same queries.
        Assert.Equal(mean, estimate.Value, 12);
        Assert.True(estimate.Low < estimate.Value && estimate.Value < estimate.High);
        // For n = 2000 the bootstrap distribution of a mean is close to normal: width ~ 2 * 1.96 * sd / sqrt(n).
        var normalWidth = 2 * 1.959963984540054 * sd / Math.Sqrt(differences.Length);
        Assert.InRange(estimate.High - estimate.Low, 0.9 * normalWidth, 1.1 * normalWidth);
        Assert.True(estimate.IsAboveZero);
    }

    [Fact]
    public void MeanDifference_DifferentQuerySets_UsesSharedQueriesOnly()
    {
        var a = Scores(["q1", "q2", "q3"], [0.2, 0.4, 0.9]);
        var b = Scores(["q2", "q3", "q4"], [0.5, 1.0, 0.0]);

        var estimate = PairedBootstrap.MeanDifference(a, b);

        // Shared q2, q3: ((0.5 - 0.4) + (1.0 - 0.9)) / 2 = 0.1.
        Assert.Equal(0.1, estimate.Value, 15);
        Assert.Equal(2, estimate.SampleSize);
    }

    [Fact]
    public void MeanDifference_DifferentMetrics_Throws()
    {
        var a = Scores(["q1"], [0.5]);
        var b = a with { Metric = "compliance" };

        var ex = Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference(a, b));

        Assert.Contains("Cannot pair ndcg_cut@10 with compliance@10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanDifference_UnsortedQueryIds_Throws()
    {
        var a = Scores(["q2", "q1"], [0.5, 0.5]);

        Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference(a, a));
    }

    [Fact]
    public void RelativeDrop_KnownMeans_IsShareOfFullLost()
    {
        // (mean(full) - mean(ablated)) / mean(full) = (0.5 - 0.4) / 0.5 = 0.2.
        var full = Scores(["q1", "q2", "q3", "q4"], [0.4, 0.6, 0.3, 0.7]);
        var ablated = Scores(["q1", "q2", "q3", "q4"], [0.3, 0.5, 0.3, 0.5]);

        var estimate = PairedBootstrap.RelativeDrop(full, ablated, seed: 5);

        Assert.Equal(0.2, estimate.Value, 12);
        Assert.True(estimate.Low <= estimate.Value && estimate.Value <= estimate.High);
        Assert.Equal(2000, estimate.Resamples);
    }

    [Fact]
    public void RelativeDrop_Identical_IsZeroWithZeroWidth()
    {
        var full = RandomScores(200, seed: 4, shift: 0);

        var estimate = PairedBootstrap.RelativeDrop(full, full);

        Assert.Equal(0.0, estimate.Value);
        Assert.Equal(0.0, estimate.Low);
        Assert.Equal(0.0, estimate.High);
    }

    [Fact]
    public void RelativeDrop_FullMeanZero_ThrowsClearMessage()
    {
        var full = Scores(["q1", "q2"], [0.0, 0.0]);
        var ablated = Scores(["q1", "q2"], [0.1, 0.0]);

        var ex = Assert.Throws<ArgumentException>(() => PairedBootstrap.RelativeDrop(full, ablated));

        Assert.Contains("mean ndcg_cut@10 over the 2 shared queries is 0, so a relative drop is undefined", ex.Message, StringComparison.Ordinal);
    }

    private static PerQueryScores Scores(string[] ids, double[] values) => new()
    {
        Metric = "ndcg_cut",
        K = 10,
        QueryIds = ids,
        Values = values,
        Mean = values.Average(),
    };

    // Per-query values in [0, 1], a fixed query set q0000..qNNNN so two systems pair up.
    private static PerQueryScores RandomScores(int n, int seed, double shift)
    {
        var random = new Random(seed);
        var ids = new string[n];
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = $"q{i:D4}";
            values[i] = Math.Clamp(random.NextDouble() * 0.8 + shift, 0, 1);
        }

        return Scores(ids, values);
    }
}
