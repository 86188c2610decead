using Warden.Core.Statistics.Sequential;

namespace Warden.Core.Tests.Statistics.Sequential;

public sealed class BernoulliMixtureStreamTests
{
    [Theory]
    [InlineData(0.01, 0.03)]
    [InlineData(0.05, 0.05)]
    [InlineData(0.05, 0.5)]
    public void Observe_RandomStream_MatchesLogMixtureAtEveryStep(double rate, double trueRate)
    {
        var random = new Random(7_001);
        var prior = BetaPrior.ForThreshold(rate);
        var stream = new BernoulliMixtureStream(rate, prior);
        var events = 0L;
        for (var trials = 1L; trials <= 6_000; trials++)
        {
            var isEvent = random.NextDouble() < trueRate;
            events += isEvent ? 1 : 0;
            stream.Observe(isEvent);

            var expected = BernoulliConfidenceSequence.LogMixture(events, trials, rate, prior);
            Assert.Equal(expected, stream.LogMixture, 1e-8 * Math.Max(1, Math.Abs(expected)));
            Assert.Equal(
                BernoulliConfidenceSequence.ExceedsRate(events, trials, rate, 0.002, prior),
                stream.ExceedsRate(Math.Log(1 / 0.002)));
        }

        Assert.Equal(events, stream.Events);
        Assert.Equal(6_000, stream.Trials);
    }

    [Fact]
    public void Reset_AfterObservations_StartsFromZero()
    {
        var stream = new BernoulliMixtureStream(0.01, BetaPrior.ForThreshold(0.01));
        stream.Observe(true);
        stream.Observe(false);

        stream.Reset();

        Assert.Equal(0, stream.Trials);
        Assert.Equal(0, stream.Events);
        Assert.Equal(0.0, stream.LogMixture);
        Assert.False(stream.ExceedsRate(Math.Log(1 / 0.002)));
    }
}
