using System.Globalization;
using System.Text.Json;
using Warden.Core.Traffic;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Telemetry;

namespace Warden.Gateway.Tests.Metrics;

/// <summary>
/// /metrics scraped by a real Prometheus server (started by ./test.sh on 127.0.0.1, scraping
/// 127.0.0.1:$WARDEN_TEST_METRICS_PORT every second) and read back through its HTTP API.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Scrape_RealPrometheus_QueriesGiveRecordedCountsAndQuantiles()
    {
        var prometheus = Environment.GetEnvironmentVariable("WARDEN_TEST_PROMETHEUS_URL");
        var portText = Environment.GetEnvironmentVariable("WARDEN_TEST_METRICS_PORT");
        var port = 0;
        if (string.IsNullOrEmpty(prometheus) || !int.TryParse(portText, CultureInfo.InvariantCulture, out port))
        {
            Assert.Fail(
                "WARDEN_TEST_PROMETHEUS_URL and WARDEN_TEST_METRICS_PORT are not set: this test needs the Prometheus server "
                + "that ./test.sh installs and starts. Run ./test.sh (or start Prometheus as test.sh does and export both variables).");
        }

        // A fresh service name, so samples of an earlier run in the same Prometheus cannot match.
        var service = "scrape-" + Guid.NewGuid().ToString("N")[..8];
        var routes = StaticRouteTableSource.With(42, StaticRouteTableSource.Route(service, "v1", canary: "v2", canaryBasisPoints: 1250));
        await using var host = await TelemetryTestHost.StartAsync(TimeProvider.System, new TelemetryOptions(), routes, port);
        for (var i = 0; i < 90; i++)
        {
            host.Recorder.RequestCompleted(Outcomes.Of(3, service: service));
        }

        for (var i = 0; i < 10; i++)
        {
            host.Recorder.RequestCompleted(Outcomes.Of(70, status: i < 5 ? 503 : 200, service: service));
        }

        for (var i = 0; i < 20; i++)
        {
            host.Recorder.RequestCompleted(Outcomes.Of(1, service: service, version: "v2", arm: TrafficArm.Canary));
        }

        using var api = new HttpClient { BaseAddress = new Uri(prometheus!), Timeout = TimeSpan.FromSeconds(5) };
        var total = await WaitForAsync(api, $"sum(warden_gateway_requests_total{{service=\"{service}\"}})", 120);

        Assert.Equal(120, total);
        var byCode = await QueryAsync(api, $"sum by (code) (warden_gateway_requests_total{{service=\"{service}\",version=\"v1\"}})");
        Assert.Equal(new Dictionary<string, double> { ["200"] = 95, ["503"] = 5 }, byCode.ToDictionary(r => r.Labels["code"], r => r.Value));
        var errors = await QueryAsync(api, $"warden_gateway_request_errors_total{{service=\"{service}\"}} > 0");
        Assert.Equal(("5xx", 5.0), (Assert.Single(errors).Labels["error"], errors[0].Value));

        // Every error class of both routed versions is exported, at 0 until it happens (so increase() counts its first errors).
        Assert.Equal(14, Single(await QueryAsync(api, $"count(warden_gateway_request_errors_total{{service=\"{service}\"}})")));

        // Prometheus interpolates linearly inside the bucket that holds the rank: P50 is rank 50 of
        // the 90 samples in (0.0025, 0.005]; P95 is rank 5 of the 10 samples in (0.05, 0.1].
        var buckets = $"sum by (le) (warden_gateway_request_duration_seconds_bucket{{service=\"{service}\",version=\"v1\"}})";
        Assert.Equal(0.0025 + ((0.005 - 0.0025) * (50.0 / 90.0)), Single(await QueryAsync(api, $"histogram_quantile(0.5, {buckets})")), 12);
        Assert.Equal(0.075, Single(await QueryAsync(api, $"histogram_quantile(0.95, {buckets})")), 12);
        Assert.Equal(100, Single(await QueryAsync(api, $"warden_gateway_request_duration_seconds_count{{service=\"{service}\",version=\"v1\"}}")));

        var weight = Assert.Single(await QueryAsync(api, $"warden_gateway_route_canary_weight_ratio{{service=\"{service}\"}}"));
        Assert.Equal(("v2", 0.125), (weight.Labels["version"], weight.Value));
        Assert.Equal(42, Single(await QueryAsync(api, "max(warden_gateway_route_revision{job=\"warden-test\"})")));
    }

    private static double Single(IReadOnlyList<(Dictionary<string, string> Labels, double Value)> result) => Assert.Single(result).Value;

    private static async Task<double> WaitForAsync(HttpClient api, string query, double expected)
    {
        var stop = DateTime.UtcNow + Deadline;
        var last = "no result";
        while (DateTime.UtcNow < stop)
        {
            var result = await QueryAsync(api, query);
            if (result.Count == 1 && result[0].Value == expected)
            {
                return expected;
            }

            last = result.Count == 0 ? "no result" : string.Join(", ", result.Select(r => r.Value));
            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus at {api.BaseAddress} did not show {query} = {expected} within {Deadline.TotalSeconds} s (last: {last}). Is it scraping 127.0.0.1:{Environment.GetEnvironmentVariable("WARDEN_TEST_METRICS_PORT")}?");
        return double.NaN;
    }

    private static async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(HttpClient api, string query)
    {
        using var response = await api.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Prometheus answered {(int)response.StatusCode} to {query}: {body}");
        using var doc = JsonDocument.Parse(body);
        var data = doc.RootElement.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        return [.. data.GetProperty("result").EnumerateArray().Select(r => (
            r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
    }
}
