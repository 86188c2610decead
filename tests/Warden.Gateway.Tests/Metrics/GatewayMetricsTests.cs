using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Traffic;
using Warden.Gateway.Metrics;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Telemetry;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Metrics;

public sealed class GatewayMetricsTests
{
    private const string V1 = "service=\"ranker\",version=\"v1\",arm=\"production\"";

    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public void Render_KnownTraffic_ExactCountersAndCumulativeHistogram()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(2.5, requestBytes: 10, responseBytes: 100));
        recorder.RequestCompleted(Outcomes.Of(700, status: 504, error: "timeout", requestBytes: 5));
        recorder.RequestCompleted(Outcomes.Of(30, version: "v2", arm: TrafficArm.Canary));

        var page = Render(new GatewayMetrics(recorder));

        Assert.Equal(1, page[$"warden_gateway_requests_total{{{V1},code=\"200\"}}"]);
        Assert.Equal(1, page[$"warden_gateway_requests_total{{{V1},code=\"504\"}}"]);
        Assert.Equal(1, page["warden_gateway_requests_total{service=\"ranker\",version=\"v2\",arm=\"canary\",code=\"200\"}"]);
        Assert.Equal(1, page[$"warden_gateway_request_errors_total{{{V1},error=\"timeout\"}}"]);
        string[] le = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
        double[] cumulative = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2];
        for (var i = 0; i < le.Length; i++)
        {
            Assert.Equal(cumulative[i], page[$"warden_gateway_request_duration_seconds_bucket{{{V1},le=\"{le[i]}\"}}"]);
        }

        Assert.Equal(0.7025, page[$"warden_gateway_request_duration_seconds_sum{{{V1}}}"]);
        Assert.Equal(2, page[$"warden_gateway_request_duration_seconds_count{{{V1}}}"]);
        Assert.Equal(15, page[$"warden_gateway_request_bytes_total{{{V1}}}"]);
        Assert.Equal(100, page[$"warden_gateway_response_bytes_total{{{V1}}}"]);
        Assert.Equal("histogram", page.Types["warden_gateway_request_duration_seconds"]);
        Assert.Equal("counter", page.Types["warden_gateway_requests_total"]);
    }

    [Fact]
    public void Render_RoutesEventsAndShadow_GaugesAndCounters()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        var routes = StaticRouteTableSource.With(
            7,
            StaticRouteTableSource.Route("ranker", "v1", canary: "v2", canaryBasisPoints: 250, shadow: "v3"),
            StaticRouteTableSource.Route("search", "s1"));
        recorder.EventCounted("ranker", GatewayEvent.ShadowDropped);
        recorder.EventCounted("ranker", GatewayEvent.ShadowDropped);
        recorder.EventCounted(null, GatewayEvent.UnknownService);
        recorder.ShadowCompared(ShadowComparisonsTests.Comparison([1, 2], [1, 3]));
        recorder.ShadowCompared(ShadowComparisonsTests.Comparison([1, 2], [1, 3], shadowStatus: 500));

        var page = Render(new GatewayMetrics(recorder, routes));

        Assert.Equal(0.025, page["warden_gateway_route_canary_weight_ratio{service=\"ranker\",version=\"v2\"}"]);
        Assert.Equal(0, page["warden_gateway_route_canary_weight_ratio{service=\"search\",version=\"\"}"]);
        Assert.Equal(1, page["warden_gateway_route_info{service=\"ranker\",production=\"v1\",canary=\"v2\",shadow=\"v3\"}"]);
        Assert.Equal(7, page["warden_gateway_route_revision"]);
        Assert.Equal(2, page["warden_gateway_shadow_mirrors_dropped_total{service=\"ranker\"}"]);
        Assert.Equal(0, page["warden_gateway_shadow_mirrors_failed_total{service=\"ranker\"}"]);
        Assert.False(page.Samples.ContainsKey("warden_gateway_shadow_mirrors_dropped_total{service=\"search\"}"));
        Assert.Equal(2, page["warden_gateway_events_total{service=\"ranker\",event=\"shadow_dropped\"}"]);
        Assert.Equal(1, page["warden_gateway_events_total{service=\"\",event=\"unknown_service\"}"]);
        Assert.Equal(2, page["warden_gateway_shadow_comparisons_total{service=\"ranker\",production_version=\"v1\",shadow_version=\"v2\"}"]);
        Assert.Equal(1, page["warden_gateway_shadow_status_matches_total{service=\"ranker\",production_version=\"v1\",shadow_version=\"v2\"}"]);
        Assert.Equal("gauge", page.Types["warden_gateway_route_revision"]);
    }

    [Fact]
    public async Task Render_TelemetryHealth_DropsOverflowInvalidAndFlushCounters()
    {
        using var folder = new TempDirectory();
        using var log = new JsonLinesAppender<RequestOutcome>(folder.File("r.jsonl"), RequestLogFormat.Write, NullLogger.Instance, capacity: 1);
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions(), requestLog: log, maxSeries: 1);
        recorder.RequestCompleted(Outcomes.Of(1));
        recorder.RequestCompleted(Outcomes.Of(1, version: "other"));
        recorder.RequestCompleted(Outcomes.Of(double.NaN));
        var flusher = new TelemetryFlusher(recorder, [new RecordingSink()], _clock, NullLogger.Instance);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await flusher.FlushOnceAsync();

        var page = Render(new GatewayMetrics(recorder, flusher: flusher));

        Assert.Equal(1, page["warden_gateway_request_log_dropped_total"]);
        Assert.Equal(0, page["warden_gateway_shadow_log_dropped_total"]);
        Assert.Equal(1, page["warden_gateway_telemetry_series_overflow_total{kind=\"traffic\"}"]);
        Assert.Equal(1, page["warden_gateway_telemetry_invalid_total{kind=\"request\"}"]);
        Assert.Equal(0, page["warden_gateway_telemetry_late_requests_total"]);
        Assert.Equal(1, page["warden_gateway_telemetry_windows_written_total"]);
        Assert.Equal(0, page["warden_gateway_log_write_failures_total{log=\"request\"}"]);
    }

    [Fact]
    public void Render_NoTraffic_AnnouncesEveryFamilyOnce()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());

        var page = Render(new GatewayMetrics(recorder, StaticRouteTableSource.With(0)));

        Assert.Equal(
            [
                "warden_gateway_requests_total", "warden_gateway_request_errors_total", "warden_gateway_request_duration_seconds",
                "warden_gateway_request_bytes_total", "warden_gateway_response_bytes_total", "warden_gateway_compliance_judged_total", "warden_gateway_compliance_ok_total",
                "warden_gateway_shadow_mirrors_dropped_total", "warden_gateway_shadow_mirrors_failed_total",
                "warden_gateway_shadow_comparisons_total", "warden_gateway_shadow_status_matches_total",
                "warden_gateway_events_total",
                "warden_gateway_route_canary_weight_ratio", "warden_gateway_route_info", "warden_gateway_route_revision",
                "warden_gateway_request_log_dropped_total", "warden_gateway_shadow_log_dropped_total", "warden_gateway_log_write_failures_total",
                "warden_gateway_telemetry_series_overflow_total", "warden_gateway_telemetry_invalid_total", "warden_gateway_telemetry_late_requests_total",
            ],
            page.Families);
    }

    [Fact]
    public void Render_HostileLabelValues_StillParses()
    {
        var recorder = new TrafficRecorder(_clock, new TelemetryOptions());
        recorder.RequestCompleted(Outcomes.Of(1, service: "we\"ird\\svc\nname", version: "v{1}"));

        var page = Render(new GatewayMetrics(recorder));

        Assert.Equal(1, page["warden_gateway_requests_total{service=\"we\\\"ird\\\\svc\\nname\",version=\"v{1}\",arm=\"production\",code=\"200\"}"]);
    }

    private static ExpositionPage Render(GatewayMetrics metrics) => ExpositionPage.Parse(Encoding.UTF8.GetString(metrics.Render()));
}
