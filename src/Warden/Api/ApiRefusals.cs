using Warden.Gateway.Metrics;

namespace Warden.Api;

/// <summary>
/// Calls of <c>/api/v1</c> refused since start, by reason, as <c>/metrics</c> shows them
/// (<c>warden_api_refusals_total{reason="unauthenticated|forbidden|rate_limited"}</c>).
/// </summary>
internal sealed class ApiRefusals : IMetricsContributor
{
    private long _unauthenticated;
    private long _forbidden;
    private long _rateLimited;

    /// <summary>The three counts.</summary>
    public (long Unauthenticated, long Forbidden, long RateLimited) Counts =>
        (Interlocked.Read(ref _unauthenticated), Interlocked.Read(ref _forbidden), Interlocked.Read(ref _rateLimited));

    public void Unauthenticated() => Interlocked.Increment(ref _unauthenticated);

    public void Forbidden() => Interlocked.Increment(ref _forbidden);

    public void RateLimited() => Interlocked.Increment(ref _rateLimited);

    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var (unauthenticated, forbidden, rateLimited) = Counts;
        writer.Family("warden_api_refusals_total", "counter", "REST API calls refused: no or a bad token (unauthenticated), a role too low (forbidden), too many failed authentications from the address (rate_limited).");
        writer.Sample("warden_api_refusals_total", [new MetricLabel("reason", "unauthenticated")], unauthenticated);
        writer.Sample("warden_api_refusals_total", [new MetricLabel("reason", "forbidden")], forbidden);
        writer.Sample("warden_api_refusals_total", [new MetricLabel("reason", "rate_limited")], rateLimited);
    }
}
