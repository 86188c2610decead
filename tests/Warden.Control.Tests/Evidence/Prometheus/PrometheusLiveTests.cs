using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Warden.Core.Traffic;
using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>
/// The client and the traffic measurement against the real Prometheus that ./test.sh starts
/// (scraping 127.0.0.1:$WARDEN_TEST_METRICS_PORT every second). One class, so its tests run one
/// after another and only one of them binds the metrics port; test.sh runs the test projects one
/// at a time, so the gateway's scrape test never holds the port at the same time.
/// </summary>
public sealed class PrometheusLiveTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task QueryAsync_BadQuery_IsErroredWithBadData()
    {
        using var http = new HttpClient();
        var (client, url) = Client(http);

        var result = await client.QueryAsync("sum(", DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.Equal("bad_data", result.ErrorType);
        Assert.StartsWith($"Prometheus at {url}/api/v1/query refused the query (HTTP 400, bad_data): ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("parse error", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Reason!);
    }

    [Fact]
    public async Task QueryAsync_PrometheusDown_IsErroredConnectionRefused()
    {
        // A port that was just free: nothing listens on it now.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var http = new HttpClient();
        var client = new PrometheusClient(http, new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromSeconds(5), TimeProvider.System);

        var result = await client.QueryRangeAsync("up", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.Equal($"Prometheus at http://127.0.0.1:{port}/api/v1/query_range unreachable: Connection refused", result.Reason);
    }

    [Fact]
    public async Task QueryAsync_ServerNeverAnswers_IsErroredTimedOut()
    {
        // Accepts the connection and says nothing.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new HttpClient();
        var client = new PrometheusClient(http, new Uri($"http://127.0.0.1:{port}/"), TimeSpan.FromMilliseconds(300), TimeProvider.System);

        var result = await client.QueryAsync("up", DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(PrometheusQueryStatus.Errored, result.Status);
        Assert.Equal($"Prometheus at http://127.0.0.1:{port}/api/v1/query did not answer within 0.3 s", result.Reason);
    }

    [Fact]
    public async Task MeasureAsync_TwoReplicasScraped_SumsExactCountsAndQuantiles()
    {
        using var http = new HttpClient();
        var (client, _) = Client(http);
        var port = MetricsPort();

        // A fresh service name, so series of an earlier run in the same Prometheus cannot match.
        var service = "prom-evidence-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1000);
        await using var page = MetricsPage.Start(port, service);

        // Every series is first scraped at 0, as a gateway's counters start: increase() then
        // counts the whole rise and does not extrapolate towards the window's start.
        var total = $"sum(warden_gateway_requests_total{{service=\"{service}\"}})";
        await WaitForAsync(client, total, 0);
        page.Record();
        await WaitForAsync(client, total, 120);

        // Ending the window on the last scrape's timestamp leaves increase() nothing to
        // extrapolate at the end either, so the counts are exact.
        var last = await client.QueryAsync($"max(timestamp(warden_gateway_requests_total{{service=\"{service}\"}}))", DateTimeOffset.UtcNow, CancellationToken.None);
        var end = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(Assert.Single(last.Series).Last * 1000));
        var measurement = await new PrometheusTrafficQuery(client).MeasureAsync(service, "v1", TrafficArm.Production, start, end, 0.95, CancellationToken.None);

        Assert.True(measurement.Status == PrometheusQueryStatus.Samples, measurement.Reason);
        Assert.Equal((100L, 5L), (measurement.Requests, measurement.Errors));
        Assert.Equal(
            [(1.0, 0L), (2.5, 0L), (5.0, 90L), (10.0, 90L), (25.0, 90L), (50.0, 90L), (100.0, 100L), (250.0, 100L), (500.0, 100L), (1000.0, 100L), (2500.0, 100L), (5000.0, 100L), (10000.0, 100L), (double.PositiveInfinity, 100L)],
            measurement.Buckets.ToArray());
        Assert.Equal((75.0, 2.5, 100.0), (measurement.P95!.Value, measurement.P95.Low, measurement.P95.High));

        // The point estimates agree with Prometheus' own histogram_quantile over the same buckets.
        foreach (var (p, estimate) in new[] { (0.5, measurement.P50!), (0.95, measurement.P95), (0.99, measurement.P99!) })
        {
            var promQuantile = await client.QueryAsync($"histogram_quantile({p.ToString(CultureInfo.InvariantCulture)}, {measurement.Queries[2]})", end, CancellationToken.None);
            Assert.Equal(Assert.Single(promQuantile.Series).Last * 1000, estimate.Value, 9);
        }

        Assert.Equal(PrometheusProvenance.Of(measurement.Queries[0], start, end), measurement.Provenance[0]);
        Assert.StartsWith("prom:", measurement.Provenance[0], StringComparison.Ordinal);

        var canary = await new PrometheusTrafficQuery(client).MeasureAsync(service, "v2", TrafficArm.Canary, start, end, 0.95, CancellationToken.None);
        Assert.Equal((PrometheusQueryStatus.Samples, 20L, 0L), (canary.Status, canary.Requests, canary.Errors));

        var absent = await new PrometheusTrafficQuery(client).MeasureAsync(service, "v3", TrafficArm.Canary, start, end, 0.95, CancellationToken.None);
        Assert.Equal(PrometheusQueryStatus.NoData, absent.Status);
    }

    private static (PrometheusClient Client, string Url) Client(HttpClient http)
    {
        var url = Environment.GetEnvironmentVariable("WARDEN_TEST_PROMETHEUS_URL");
        if (string.IsNullOrEmpty(url))
        {
            Assert.Fail(
                "WARDEN_TEST_PROMETHEUS_URL is not set: this test needs the Prometheus server that ./test.sh installs and starts. "
                + "Run ./test.sh (or start Prometheus as test.sh does and export WARDEN_TEST_PROMETHEUS_URL and WARDEN_TEST_METRICS_PORT).");
        }

        url = url!.TrimEnd('/');
        return (new PrometheusClient(http, new Uri(url), TimeSpan.FromSeconds(5), TimeProvider.System), url);
    }

    private static int MetricsPort()
    {
        var text = Environment.GetEnvironmentVariable("WARDEN_TEST_METRICS_PORT");
        if (!int.TryParse(text, CultureInfo.InvariantCulture, out var port))
        {
            Assert.Fail("WARDEN_TEST_METRICS_PORT is not set: it is the port ./test.sh's Prometheus scrapes every second.");
        }

        return port;
    }

    private static async Task WaitForAsync(PrometheusClient client, string query, double expected)
    {
        var stop = DateTime.UtcNow + Deadline;
        var last = "no result";
        while (DateTime.UtcNow < stop)
        {
            var result = await client.QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);
            if (result.Status == PrometheusQueryStatus.Samples && result.Series.Length == 1 && result.Series[0].Last == expected)
            {
                return;
            }

            last = result.Reason ?? string.Join(", ", result.Series.Select(s => s.Last));
            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus at {client.BaseAddress} did not show {query} = {expected} within {Deadline.TotalSeconds} s (last: {last}). Is it scraping 127.0.0.1:{MetricsPort()}?");
    }

    /// <summary>
    /// A /metrics page in the gateway's format (docs/telemetry.md) for two replicas, told apart by
    /// a <c>replica</c> label since the test's Prometheus scrapes one target. Before
    /// <see cref="Record"/> every count is 0; after it, v1 production has 100 requests (replica a:
    /// 48, 3 of them 503; b: 52, 2 of them 503), 90 in (2.5, 5] ms and 10 in (50, 100] ms; v2
    /// canary has 20 requests under 1 ms.
    /// </summary>
    private sealed class MetricsPage : IAsyncDisposable
    {
        private static readonly string[] Le = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
        private readonly HttpListener _listener;
        private readonly string _service;
        private readonly Task _serving;
        private volatile bool _recorded;

        private MetricsPage(HttpListener listener, string service)
        {
            _listener = listener;
            _service = service;
            _serving = Task.Run(ServeAsync);
        }

        public static MetricsPage Start(int port, string service)
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            return new MetricsPage(listener, service);
        }

        public void Record() => _recorded = true;

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                await _serving;
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                // Stopping the listener ends the pending GetContextAsync.
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var body = Encoding.UTF8.GetBytes(Render());
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        private string Render()
        {
            var k = _recorded ? 1 : 0;
            var b = new StringBuilder();
            b.Append("# TYPE warden_gateway_requests_total counter\n");
            Counter(b, "warden_gateway_requests_total", "a", "v1", "production", "code=\"200\"", 45 * k);
            Counter(b, "warden_gateway_requests_total", "a", "v1", "production", "code=\"503\"", 3 * k);
            Counter(b, "warden_gateway_requests_total", "b", "v1", "production", "code=\"200\"", 50 * k);
            Counter(b, "warden_gateway_requests_total", "b", "v1", "production", "code=\"503\"", 2 * k);
            Counter(b, "warden_gateway_requests_total", "a", "v2", "canary", "code=\"200\"", 20 * k);
            b.Append("# TYPE warden_gateway_request_errors_total counter\n");
            Counter(b, "warden_gateway_request_errors_total", "a", "v1", "production", "error=\"5xx\"", 3 * k);
            Counter(b, "warden_gateway_request_errors_total", "b", "v1", "production", "error=\"5xx\"", 2 * k);
            b.Append("# TYPE warden_gateway_request_duration_seconds histogram\n");
            Histogram(b, "a", "v1", "production", fast: 45 * k, slow: 3 * k, slowFrom: "0.1");
            Histogram(b, "b", "v1", "production", fast: 45 * k, slow: 7 * k, slowFrom: "0.1");
            Histogram(b, "a", "v2", "canary", fast: 20 * k, slow: 0, slowFrom: "+Inf", fastFrom: "0.001");
            return b.ToString();
        }

        private void Counter(StringBuilder b, string name, string replica, string version, string arm, string extra, long value) =>
            b.Append(CultureInfo.InvariantCulture, $"{name}{{service=\"{_service}\",version=\"{version}\",arm=\"{arm}\",replica=\"{replica}\",{extra}}} {value}\n");

        private void Histogram(StringBuilder b, string replica, string version, string arm, long fast, long slow, string slowFrom, string fastFrom = "0.005")
        {
            long cumulative = 0;
            foreach (var le in Le)
            {
                cumulative += (le == fastFrom ? fast : 0) + (le == slowFrom ? slow : 0);
                Counter(b, "warden_gateway_request_duration_seconds_bucket", replica, version, arm, $"le=\"{le}\"", cumulative);
            }

            b.Append(CultureInfo.InvariantCulture, $"warden_gateway_request_duration_seconds_count{{service=\"{_service}\",version=\"{version}\",arm=\"{arm}\",replica=\"{replica}\"}} {fast + slow}\n");
        }
    }
}
