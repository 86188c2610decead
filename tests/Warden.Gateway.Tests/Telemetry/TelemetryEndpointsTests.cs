using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Statistics;
using Warden.Core.Telemetry;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Metrics;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Telemetry;

public sealed class TelemetryEndpointsTests
{
    private readonly FakeTimeProvider _clock = TestClock.Start();

    [Fact]
    public async Task Metrics_OverHttp_PrometheusContentTypeAndCounters()
    {
        await using var host = await TelemetryTestHost.StartAsync(_clock, new TelemetryOptions(), StaticRouteTableSource.With(3, StaticRouteTableSource.Route("ranker", "v1")));
        host.Services.GetRequiredService<IGatewayObserver>().RequestCompleted(Outcomes.Of(20));

        using var response = await host.Client.GetAsync("metrics");
        var page = ExpositionPage.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(1, page["warden_gateway_requests_total{service=\"ranker\",version=\"v1\",arm=\"production\",code=\"200\"}"]);
        Assert.Equal(3, page["warden_gateway_route_revision"]);
        Assert.Equal(0, page["warden_gateway_telemetry_windows_written_total"]);
    }

    [Fact]
    public async Task AdminTelemetry_LastSeconds_CountsRateAndPercentiles()
    {
        await using var host = await TelemetryTestHost.StartAsync(_clock, new TelemetryOptions());
        var latencies = new LogHistogram();
        for (var i = 1; i <= 40; i++)
        {
            host.Recorder.RequestCompleted(Outcomes.Of(i, status: i <= 2 ? 503 : 200, requestBytes: 3, responseBytes: 4));
            latencies.Add(i);
            if (i % 10 == 0)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        host.Recorder.RequestCompleted(Outcomes.Of(5, arm: TrafficArm.Shadow));
        _clock.Advance(TimeSpan.FromSeconds(1));

        using var doc = await GetJsonAsync(host, "admin/telemetry?service=ranker&version=v1&seconds=10&arm=production", HttpStatusCode.OK);
        var root = doc.RootElement;

        Assert.Equal("ranker", root.GetProperty("service").GetString());
        Assert.Equal("production", root.GetProperty("arm").GetString());
        Assert.Equal(10, root.GetProperty("seconds").GetDouble());
        Assert.Equal(40, root.GetProperty("requests").GetInt64());
        Assert.Equal(2, root.GetProperty("errors").GetInt64());
        Assert.Equal(0.05, root.GetProperty("error_rate").GetProperty("value").GetDouble());
        Assert.Equal(Proportion.Wilson(2, 40).Low, root.GetProperty("error_rate").GetProperty("ci_low").GetDouble());
        Assert.Equal("wilson", root.GetProperty("error_rate").GetProperty("method").GetString());
        Assert.Equal(2, root.GetProperty("errors_by_class").GetProperty("5xx").GetInt64());
        Assert.Equal(4.0, root.GetProperty("throughput_rps").GetDouble());
        var latency = root.GetProperty("latency_ms");
        Assert.Equal(Quantile.Of(latencies, 0.5), latency.GetProperty("p50").GetDouble());
        Assert.Equal(Quantile.Of(latencies, 0.95), latency.GetProperty("p95").GetDouble());
        Assert.Equal(Quantile.Of(latencies, 0.99), latency.GetProperty("p99").GetDouble());
        Assert.Equal(1, latency.GetProperty("min").GetDouble());
        Assert.Equal(40, latency.GetProperty("max").GetDouble());
        Assert.Equal(20.5, latency.GetProperty("mean").GetDouble());
        Assert.Equal(120, root.GetProperty("request_bytes").GetInt64());

        using var merged = await GetJsonAsync(host, "admin/telemetry?service=ranker&version=v1", HttpStatusCode.OK);
        Assert.Equal(41, merged.RootElement.GetProperty("requests").GetInt64());
        Assert.Equal(JsonValueKind.Null, merged.RootElement.GetProperty("arm").ValueKind);
        Assert.Equal(60, merged.RootElement.GetProperty("seconds").GetDouble());
    }

    [Theory]
    [InlineData("admin/telemetry?service=ranker", "version is missing; e.g. /admin/telemetry?service=ranker&version=v2&seconds=60")]
    [InlineData("admin/telemetry?service=ranker&version=v1&seconds=0", "seconds is '0'; give a whole number from 1 to 1800 (the ring length; default 60)")]
    [InlineData("admin/telemetry?service=ranker&version=v1&seconds=-5", "seconds is '-5'; give a whole number from 1 to 1800 (the ring length; default 60)")]
    [InlineData("admin/telemetry?service=ranker&version=v1&seconds=1801", "seconds is '1801'; give a whole number from 1 to 1800 (the ring length; default 60)")]
    [InlineData("admin/telemetry?service=ranker&version=v1&arm=blue", "arm is 'blue'; give production, canary or shadow, or leave it out to merge all arms")]
    [InlineData("admin/telemetry?service=a&service=b&version=v1", "service is given 2 times; give it once")]
    [InlineData("admin/telemetry", "service is missing; e.g. /admin/telemetry?service=ranker&version=v2&seconds=60; version is missing; e.g. /admin/telemetry?service=ranker&version=v2&seconds=60")]
    public async Task AdminTelemetry_BadQuery_400WithEveryProblem(string url, string expected)
    {
        await using var host = await TelemetryTestHost.StartAsync(_clock, new TelemetryOptions());

        using var doc = await GetJsonAsync(host, url, HttpStatusCode.BadRequest);

        Assert.Equal(expected, doc.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AdminTelemetry_UnknownSeries_404ListsKnownSeries()
    {
        await using var host = await TelemetryTestHost.StartAsync(_clock, new TelemetryOptions());
        host.Recorder.RequestCompleted(Outcomes.Of(5, version: "v2", arm: TrafficArm.Canary));

        using var doc = await GetJsonAsync(host, "admin/telemetry?service=ranker&version=v9", HttpStatusCode.NotFound);

        Assert.Equal("no traffic recorded for service 'ranker' version 'v9' since the gateway started", doc.RootElement.GetProperty("error").GetString());
        Assert.Equal(["ranker/v2/canary"], doc.RootElement.GetProperty("known").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AdminShadow_ComparisonsAndDrops_RateAndCorrelationWithIntervals()
    {
        var routes = StaticRouteTableSource.With(1, StaticRouteTableSource.Route("ranker", "v1", shadow: "v2"), StaticRouteTableSource.Route("other", "o1", shadow: "o2"));
        await using var host = await TelemetryTestHost.StartAsync(_clock, new TelemetryOptions(), routes);
        var observer = host.Services.GetRequiredService<IGatewayObserver>();
        double[] x = [0.1, 0.4, 0.35, 0.8, 0.7, 0.2];
        double[] y = [0.15, 0.5, 0.3, 0.9, 0.6, 0.1];
        observer.ShadowCompared(ShadowComparisonsTests.Comparison(x[..3], y[..3]));
        observer.ShadowCompared(ShadowComparisonsTests.Comparison(x[3..], y[3..], shadowStatus: 500));
        observer.ShadowCompared(ShadowComparisonsTests.Comparison([1], [1, 2]));
        observer.EventCounted("ranker", GatewayEvent.ShadowDropped);
        observer.EventCounted("ranker", GatewayEvent.ShadowFailed);
        observer.EventCounted("ranker", GatewayEvent.ShadowFailed);

        using var doc = await GetJsonAsync(host, "admin/shadow", HttpStatusCode.OK);
        var services = doc.RootElement.GetProperty("services");

        Assert.Equal(["other", "ranker"], services.EnumerateArray().Select(s => s.GetProperty("service").GetString()));
        Assert.Equal(0, services[0].GetProperty("comparisons").GetArrayLength());
        var ranker = services[1];
        Assert.Equal("v2", ranker.GetProperty("shadow_version").GetString());
        Assert.Equal(1, ranker.GetProperty("mirrors_dropped").GetInt64());
        Assert.Equal(2, ranker.GetProperty("mirrors_failed").GetInt64());
        var pair = Assert.Single(ranker.GetProperty("comparisons").EnumerateArray());
        Assert.Equal(3, pair.GetProperty("comparisons").GetInt64());
        Assert.Equal(2, pair.GetProperty("status_matches").GetInt64());
        var rate = pair.GetProperty("status_match_rate");
        var wilson = Proportion.Wilson(2, 3);
        Assert.Equal((2.0 / 3, wilson.Low, wilson.High), (rate.GetProperty("value").GetDouble(), rate.GetProperty("ci_low").GetDouble(), rate.GetProperty("ci_high").GetDouble()));
        var scores = pair.GetProperty("scores");
        Assert.Equal(1, scores.GetProperty("length_mismatches").GetInt64());
        Assert.Equal(6, scores.GetProperty("pairs_kept").GetInt64());
        var pearson = Correlation.Pearson(x, y);
        Assert.Equal(pearson.Value, scores.GetProperty("pearson").GetProperty("value").GetDouble());
        Assert.Equal(pearson.Low, scores.GetProperty("pearson").GetProperty("ci_low").GetDouble());
        Assert.Equal("pearson-fisher-z", scores.GetProperty("pearson").GetProperty("method").GetString());
        Assert.Equal(Correlation.Spearman(x, y).Value, scores.GetProperty("spearman").GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, scores.GetProperty("problem").ValueKind);
    }

    [Fact]
    public async Task AddGatewayTelemetry_LogPaths_HostWritesRequestShadowAndWindowFilesOnStop()
    {
        using var folder = new TempDirectory();
        var options = new TelemetryOptions
        {
            RequestLogPath = folder.File("requests.jsonl"),
            ShadowLogPath = folder.File("shadow.jsonl"),
        };
        var host = await TelemetryTestHost.StartAsync(_clock, options, windowLog: folder.File(JsonLinesWindowSink.DefaultFileName));
        var observer = host.Services.GetRequiredService<IGatewayObserver>();
        Assert.Same(host.Recorder, observer);
        observer.RequestCompleted(Outcomes.Of(10));
        observer.RequestCompleted(Outcomes.Of(11, version: "v2", arm: TrafficArm.Shadow));
        observer.ShadowCompared(ShadowComparisonsTests.Comparison([1, 2], [2, 1]));

        await host.DisposeAsync();

        await using (var stream = File.OpenRead(options.RequestLogPath))
        {
            var result = TelemetryReader.Read(stream, options.RequestLogPath, TelemetryFormat.JsonLines, Core.Evidence.ReadMode.Strict, _ => { });
            Assert.Equal((2L, 0L), (result.Evidence.RecordCount, result.Evidence.RejectedCount));
        }

        Assert.Single(File.ReadAllLines(options.ShadowLogPath));
        var windows = File.ReadAllLines(folder.File(JsonLinesWindowSink.DefaultFileName)).Select(TelemetryWindowJson.Read).ToList();
        Assert.Equal(["v1/Production", "v2/Shadow"], windows.Select(w => $"{w.Version}/{w.Arm}"));
    }

    [Fact]
    public void AddGatewayTelemetry_InvalidOptions_ThrowsListingEveryProblem()
    {
        var services = new ServiceCollection();
        var options = new TelemetryOptions { RingMinutes = 0, SampleRate = 1.5, RequestLogPath = " ", ShadowLogPath = "" };

        var ex = Assert.Throws<ArgumentException>(() => services.AddGatewayTelemetry(options));

        Assert.Equal(
            string.Join(
                Environment.NewLine,
                "Telemetry options are invalid (4 problem(s)):",
                "  - gateway.telemetry.ring_minutes is 0; set it to a whole number of minutes from 1 to 1440 (default 30).",
                "  - gateway.telemetry.sample_rate is 1.5; set it to a fraction from 0 to 1 (1 writes every request).",
                "  - gateway.telemetry.request_log is empty; give a file path or leave the key out to write no request log.",
                "  - gateway.telemetry.shadow_log is empty; give a file path or leave the key out to write no shadow log.") + " (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public void Validate_SameFileForBothLogs_Refused()
    {
        var errors = TelemetryOptionsValidator.Validate(new TelemetryOptions { RequestLogPath = "/tmp/a.jsonl", ShadowLogPath = "/tmp/../tmp/a.jsonl" });

        Assert.Equal(["gateway.telemetry.request_log and shadow_log are the same file ('/tmp/a.jsonl'); give each its own path."], errors);
    }

    [Fact]
    public void Validate_EmptyRedactName_Refused()
    {
        var errors = TelemetryOptionsValidator.Validate(new TelemetryOptions { Redact = ["user_id", " "] });

        Assert.Equal(["gateway.telemetry.redact[1] is empty; give a field name such as user_id or remove the entry."], errors);
    }

    private static async Task<JsonDocument> GetJsonAsync(TelemetryTestHost host, string url, HttpStatusCode expected)
    {
        using var response = await host.Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        return JsonDocument.Parse(body);
    }
}
