using System.Net;
using Warden.Core.Traffic;
using Warden.Evidence.Prometheus;

namespace Warden.Control.Tests.Evidence.Prometheus;

/// <summary>
/// The traffic measurement's PromQL and how it combines the three answers, with fixed answers
/// behind the HTTP handler (the real server is in <see cref="PrometheusLiveTests"/>).
/// </summary>
public sealed class PrometheusTrafficQueryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 1, 55, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddMinutes(5);

    [Fact]
    public void Queries_ForOneArm_ArePinned()
    {
        var window = TimeSpan.FromMinutes(5);

        Assert.Equal(
            "sum(increase(warden_gateway_request_duration_seconds_count{service=\"ranker\",version=\"v2\",arm=\"canary\"}[300000ms]))",
            PrometheusTrafficQuery.RequestsQuery("ranker", "v2", TrafficArm.Canary, window));
        Assert.Equal(
            "sum(increase(warden_gateway_request_errors_total{service=\"ranker\",version=\"v2\",arm=\"canary\"}[300000ms]))",
            PrometheusTrafficQuery.ErrorsQuery("ranker", "v2", TrafficArm.Canary, window));
        Assert.Equal(
            "sum by (le) (increase(warden_gateway_request_duration_seconds_bucket{service=\"ranker\",version=\"v2\",arm=\"canary\"}[300000ms]))",
            PrometheusTrafficQuery.BucketsQuery("ranker", "v2", TrafficArm.Canary, window));
    }

    [Fact]
    public void Queries_QuoteInLabelValue_IsEscaped()
    {
        Assert.Equal(
            "sum(increase(warden_gateway_request_duration_seconds_count{service=\"a\\\"b\\\\c\",version=\"v1\",arm=\"production\"}[1500ms]))",
            PrometheusTrafficQuery.RequestsQuery("a\"b\\c", "v1", TrafficArm.Production, TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public async Task MeasureAsync_AllAnswered_GivesCountsBucketsAndQuantiles()
    {
        // increase() extrapolates: 100.4 rounds to 100; the 0.005 bucket's 89.6 rounds to 90.
        var measurement = await MeasureAsync(
            Vector(("", "100.4")),
            Vector(("", "5.2")),
            Vector(("0.001", "0"), ("0.0025", "0"), ("0.005", "89.6"), ("0.05", "90.1"), ("0.1", "100"), ("+Inf", "100.2")));

        Assert.Equal(PrometheusQueryStatus.Samples, measurement.Status);
        Assert.Null(measurement.Reason);
        Assert.Equal((100L, 5L), (measurement.Requests, measurement.Errors));
        Assert.Equal([(1.0, 0L), (2.5, 0L), (5.0, 90L), (50.0, 90L), (100.0, 100L), (double.PositiveInfinity, 100L)], measurement.Buckets.ToArray());
        Assert.Equal(75, measurement.P95!.Value, 12);
        Assert.Equal((2.5, 100.0), (measurement.P95.Low, measurement.P95.High));
        Assert.Equal(0.05, measurement.ErrorRate!.Value, 12);
        Assert.Equal(
            "prom:4bb55a64fced@2026-12-07T01:55:00Z/2026-12-07T02:00:00Z",
            measurement.Provenance[0]);
        Assert.Equal(3, measurement.Provenance.Length);
    }

    [Fact]
    public async Task MeasureAsync_NoErrorSeries_CountsZeroErrors()
    {
        var measurement = await MeasureAsync(Vector(("", "20")), Vector(), Vector(("0.001", "20"), ("+Inf", "20")));

        Assert.Equal(PrometheusQueryStatus.Samples, measurement.Status);
        Assert.Equal((20L, 0L), (measurement.Requests, measurement.Errors));
    }

    [Fact]
    public async Task MeasureAsync_NoRequests_IsNoData()
    {
        var measurement = await MeasureAsync(Vector(), Vector(), Vector());

        Assert.Equal(PrometheusQueryStatus.NoData, measurement.Status);
        Assert.Null(measurement.P95);
        Assert.StartsWith("no requests recorded for service=ranker version=v2 arm=canary in 2026-12-07T01:55:00Z/2026-12-07T02:00:00Z", measurement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MeasureAsync_ZeroIncrease_IsNoData()
    {
        var measurement = await MeasureAsync(Vector(("", "0")), Vector(), Vector(("0.001", "0"), ("+Inf", "0")));

        Assert.Equal(PrometheusQueryStatus.NoData, measurement.Status);
        Assert.Equal("0 requests for service=ranker version=v2 arm=canary in 2026-12-07T01:55:00Z/2026-12-07T02:00:00Z", measurement.Reason);
    }

    [Fact]
    public async Task MeasureAsync_OneQueryRefused_IsErroredWithItsReason()
    {
        var measurement = await MeasureAsync(
            Vector(("", "100")),
            (HttpStatusCode.UnprocessableEntity, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""),
            Vector(("+Inf", "100")));

        Assert.Equal(PrometheusQueryStatus.Errored, measurement.Status);
        Assert.Equal("Prometheus at http://prometheus.test/api/v1/query refused the query (HTTP 422, execution): many-to-many matching not allowed", measurement.Reason);
        Assert.Null(measurement.P95);
    }

    private static (HttpStatusCode, string) Vector(params (string Le, string Value)[] rows) =>
        (HttpStatusCode.OK, """{"status":"success","data":{"resultType":"vector","result":["""
            + string.Join(",", rows.Select(r => $$"""{"metric":{{{(r.Le.Length == 0 ? "" : $"\"le\":\"{r.Le}\"")}}},"value":[1765072800,"{{r.Value}}"]}"""))
            + "]}}");

    private static async Task<PrometheusTrafficMeasurement> MeasureAsync((HttpStatusCode, string) requests, (HttpStatusCode, string) errors, (HttpStatusCode, string) buckets)
    {
        using var handler = new AnswerByQuery(new Dictionary<string, (HttpStatusCode, string)>
        {
            ["warden_gateway_request_duration_seconds_count"] = requests,
            ["warden_gateway_request_errors_total"] = errors,
            ["warden_gateway_request_duration_seconds_bucket"] = buckets,
        });
        using var http = new HttpMessageInvoker(handler);
        var client = new PrometheusClient(http, new Uri("http://prometheus.test"), TimeSpan.FromSeconds(5), TimeProvider.System);
        return await new PrometheusTrafficQuery(client).MeasureAsync("ranker", "v2", TrafficArm.Canary, Start, End, 0.95, CancellationToken.None);
    }

    /// <summary>Answers each request by the metric name its query mentions.</summary>
    private sealed class AnswerByQuery(Dictionary<string, (HttpStatusCode Status, string Body)> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = Uri.UnescapeDataString(request.RequestUri!.Query);
            var (status, body) = answers.First(a => query.Contains(a.Key + "{", StringComparison.Ordinal)).Value;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
