using System.Globalization;
using System.Text;
using Warden.Core.Ranking;

namespace Warden.Core.Tests.Ranking;

public sealed class ScoreCorrelationTests
{
    // q1: d4 only in the baseline, d9 only in the candidate; q3 and q4 in one run each.
    private const string BaselineText = """
        q1 Q0 d1 1 3.0 base
        q1 Q0 d2 2 2.5 base
        q1 Q0 d3 3 1.0 base
        q1 Q0 d4 4 0.5 base
        q2 Q0 d1 1 1.2 base
        q2 Q0 d5 2 0.9 base
        q2 Q0 d6 3 0.3 base
        q3 Q0 x1 1 1.0 base

        """;

    private const string CandidateText = """
        q1 Q0 d9 1 5.0 cand
        q1 Q0 d2 2 2.9 cand
        q1 Q0 d1 3 2.8 cand
        q1 Q0 d3 4 0.7 cand
        q2 Q0 d5 1 1.1 cand
        q2 Q0 d1 2 1.0 cand
        q2 Q0 d6 3 0.2 cand
        q4 Q0 y1 1 1.0 cand

        """;

    // The six shared (qid, docid) pairs: x = [3.0, 2.5, 1.0, 1.2, 0.9, 0.3] (baseline),
    // y = [2.8, 2.9, 0.7, 1.0, 1.1, 0.2] (candidate).
    // r = scipy.stats.pearsonr(x, y); r.statistic, r.confidence_interval(cl).low / .high
    [Theory]
    [InlineData(0.95, 0.9716870320300051, 0.7573950309339135, 0.9970170476933323)]
    [InlineData(0.99, 0.9716870320300051, 0.5611476234018828, 0.9985340070039841)]
    public void Pearson_SharedPairsOnly_MatchesScipyPearsonr(double confidence, double r, double low, double high)
    {
        var baseline = TrecText.Run(BaselineText);
        var candidate = TrecText.Run(CandidateText);

        var estimate = ScoreCorrelation.Pearson(baseline, candidate, confidence);

        Assert.Equal(r, estimate.Value, 1e-12);
        Assert.Equal(low, estimate.Low, 1e-12);
        Assert.Equal(high, estimate.High, 1e-12);
        Assert.Equal(6, estimate.SampleSize);
        Assert.Equal(confidence, estimate.Confidence);
        Assert.Equal("pearson-fisher-z", estimate.Method);
        Assert.Equal([baseline.Evidence.Id, candidate.Evidence.Id], estimate.Evidence.ToArray());
    }

    [Fact]
    public void Pearson_NoSharedPair_ThrowsNamingBothRuns()
    {
        var baseline = TrecText.Run("q1 Q0 a 1 1 t\nq1 Q0 b 2 0.5 t\n");
        var candidate = TrecText.Run("q1 Q0 c 1 1 t\nq2 Q0 a 1 0.5 t\n");

        var error = Assert.Throws<ArgumentException>(() => ScoreCorrelation.Pearson(baseline, candidate));

        Assert.Contains("share no (query, document) pair", error.Message, StringComparison.Ordinal);
        Assert.Contains(baseline.Evidence.Id.Value, error.Message, StringComparison.Ordinal);
        Assert.Contains(candidate.Evidence.Id.Value, error.Message, StringComparison.Ordinal);
        Assert.Equal("candidate", error.ParamName);
    }

    [Fact]
    public void Pearson_SeededRandomRuns_SymmetricInTheArmsAndIntervalContainsR()
    {
        var random = new Random(20261122);
        var baseline = new StringBuilder();
        var candidate = new StringBuilder();
        for (var q = 0; q < 40; q++)
        {
            for (var d = 0; d < 25; d++)
            {
                var shared = random.NextDouble();
                var b = shared + (0.3 * random.NextDouble());
                var c = shared + (0.3 * random.NextDouble());
                baseline.Append(CultureInfo.InvariantCulture, $"q{q} Q0 d{d} {d + 1} {b:R} base\n");
                if (random.NextDouble() < 0.8)
                {
                    candidate.Append(CultureInfo.InvariantCulture, $"q{q} Q0 d{d} {d + 1} {c:R} cand\n");
                }
            }
        }

        var forward = ScoreCorrelation.Pearson(TrecText.Run(baseline.ToString()), TrecText.Run(candidate.ToString()));
        var backward = ScoreCorrelation.Pearson(TrecText.Run(candidate.ToString()), TrecText.Run(baseline.ToString()));

        // Pairing does not depend on which run leads; only the summation order differs.
        Assert.Equal(forward.Value, backward.Value, 1e-12);
        Assert.Equal(forward.SampleSize, backward.SampleSize);
        Assert.InRange(forward.SampleSize, 700, 900);
        Assert.InRange(forward.Value, forward.Low, forward.High);
        Assert.True(forward.Value > 0.8, $"shared signal should dominate; r = {forward.Value}");
    }
}
