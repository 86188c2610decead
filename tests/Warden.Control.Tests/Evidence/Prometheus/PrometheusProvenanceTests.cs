using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>The provenance string, pinned: hashes cross-checked with Python's hashlib.sha256.</summary>
public sealed class PrometheusProvenanceTests
{
    private const string Query = "sum(increase(warden_gateway_requests_total{service=\"ranker\",version=\"v2\",arm=\"canary\"}[300000ms]))";

    [Fact]
    public void Of_Range_IsHashAtStartSlashEnd()
    {
        var start = new DateTimeOffset(2026, 12, 7, 1, 55, 0, TimeSpan.Zero);

        Assert.Equal("prom:ce9c04cecccf@2026-12-07T01:55:00Z/2026-12-07T02:00:00Z", PrometheusProvenance.Of(Query, start, start.AddMinutes(5)));
    }

    [Fact]
    public void Of_Instant_IsHashAtTime()
    {
        Assert.Equal("prom:75a288c0d689@2026-12-07T02:00:00.250Z", PrometheusProvenance.Of("up", new DateTimeOffset(2026, 12, 7, 2, 0, 0, 250, TimeSpan.Zero)));
    }

    [Fact]
    public void Of_NonUtcOffset_IsWrittenInUtc()
    {
        var paris = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal("prom:75a288c0d689@2026-12-07T02:00:00Z", PrometheusProvenance.Of("up", paris));
    }
}
