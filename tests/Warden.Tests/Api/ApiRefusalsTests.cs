using System.Buffers;
using System.Text;
using Warden.Api;
using Warden.Gateway.Metrics;
using Warden.Gateway.Telemetry;

namespace Warden.Tests.Api;

/// <summary>The API's refusal counts on /metrics, through the gateway's renderer.</summary>
public sealed class ApiRefusalsTests
{
    [Fact]
    public void Render_GatewayMetricsWithTheApisCounts_OneFamilyWithEachReason()
    {
        var refusals = new ApiRefusals();
        refusals.Unauthenticated();
        refusals.Unauthenticated();
        refusals.Forbidden();
        var metrics = new GatewayMetrics(new TrafficRecorder(TimeProvider.System, new TelemetryOptions()), contributors: [refusals]);

        var page = Encoding.UTF8.GetString(metrics.Render());

        Assert.Contains("# TYPE warden_api_refusals_total counter\n", page, StringComparison.Ordinal);
        Assert.Contains("warden_api_refusals_total{reason=\"unauthenticated\"} 2\n", page, StringComparison.Ordinal);
        Assert.Contains("warden_api_refusals_total{reason=\"forbidden\"} 1\n", page, StringComparison.Ordinal);
        Assert.Contains("warden_api_refusals_total{reason=\"rate_limited\"} 0\n", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("warden_gateway_requests_total", StringComparison.Ordinal) < page.IndexOf("warden_api_refusals_total", StringComparison.Ordinal));
    }
}
