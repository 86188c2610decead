using Warden.Core.Statistics;
using Warden.Core.Telemetry;

namespace Warden.Core.Tests.Telemetry;

public sealed class TelemetryAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Summarize_TwoVersions_CountsErrorsAndWindowByHand()
    {
        var aggregator = new TelemetryAggregator(ErrorClassifier.Default);
        // v1: 4 requests over 3 s; one 503, one ok:false 200, one 429 with ok:true (not an error by default).
        aggregator.Add(new RequestRecord(T0, "v1", 10, 200, true, null, null));
        aggregator.Add(new RequestRecord(T0.AddSeconds(1), "v1", 20, 503, null, null, "boom"));
        aggregator.Add(new RequestRecord(T0.AddSeconds(2), "v1", 30, 200, false, null, null));
        aggregator.Add(new RequestRecord(T0.AddSeconds(3), "v1", 40, 429, true, null, null));
        aggregator.Add(new RequestRecord(T0, "v2", 5, 200, null, null, null));

        var groups = aggregator.Summarize(0.95, []);
        Assert.Equal(["v1", "v2"], groups.Select(g => g.Group));
        var v1 = groups[0];
        Assert.Equal(4, v1.Requests);
        Assert.Equal(2, v1.Errors);
        Assert.Equal(1, v1.Status4xx);
        Assert.Equal(1, v1.Status5xx);
        Assert.Equal(1, v1.OkFalse);
        Assert.Equal(0.5, v1.ErrorRate.Value);
        Assert.Equal(25, v1.MeanLatencyMs);

        // numpy: np.quantile([10, 20, 30, 40], 0.5) = 25.0; np.quantile(..., 0.95) = 38.5
        Assert.Equal(25, v1.P50.Value, 12);
        Assert.Equal(38.5, v1.P95.Value, 12);

        // 4 requests over the 3 s from first to last timestamp.
        Assert.NotNull(v1.Throughput);
        Assert.Equal(4.0 / 3.0, v1.Throughput!.Value, 12);
        Assert.Equal(T0, v1.From);
        Assert.Equal(T0.AddSeconds(3), v1.To);

        // A single timestamp has no span to divide by.
        Assert.Null(groups[1].Throughput);
    }

    [Fact]
    public void Summarize_GroupingNone_OneGroupNamedAll()
    {
        var aggregator = new TelemetryAggregator(ErrorClassifier.Default, TelemetryGrouping.None);
        aggregator.Add(new RequestRecord(T0, "v1", 10, 200, null, null, null));
        aggregator.Add(new RequestRecord(T0.AddSeconds(1), "v2", 12, 200, null, null, null));
        var group = Assert.Single(aggregator.Summarize(0.95, []));
        Assert.Equal("all", group.Group);
        Assert.Equal(2, group.Requests);
        Assert.Equal(2, aggregator.Count);
    }

    [Fact]
    public void Summarize_ManyRequests_SwitchesToHistogramWithinStatedError()
    {
        var aggregator = new TelemetryAggregator(ErrorClassifier.Default);
        var random = new Random(9);
        var exact = new double[SampleDistribution.DefaultExactLimit + 5000];
        for (var i = 0; i < exact.Length; i++)
        {
            exact[i] = 20 * Math.Exp(0.4 * ((random.NextDouble() * 2) - 1));
            aggregator.Add(new RequestRecord(T0.AddMilliseconds(i), "v1", exact[i], 200, null, null, null));
        }

        var group = Assert.Single(aggregator.Summarize(0.95, []));
        Assert.Equal("log-histogram(α=0.5%)", group.LatencyRepresentation);
        Array.Sort(exact);
        var truth = Quantile.OfSorted(exact, 0.95);
        Assert.InRange(group.P95.Value, truth * 0.995, truth * 1.005);
    }
}
