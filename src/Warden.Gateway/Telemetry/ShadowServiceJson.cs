namespace Warden.Gateway.Telemetry;

/// <summary>One service in <c>GET /admin/shadow</c>.</summary>
/// <param name="Service">Service name.</param>
/// <param name="ShadowVersion">Shadow version in the route table now, or null when none.</param>
/// <param name="MirrorsDropped">Mirror copies dropped at the concurrency limit.</param>
/// <param name="MirrorsFailed">Mirror copies that failed.</param>
/// <param name="Comparisons">Per (production, shadow) version pair.</param>
internal sealed record ShadowServiceJson(
    string Service,
    string? ShadowVersion,
    long MirrorsDropped,
    long MirrorsFailed,
    IReadOnlyList<ShadowPairJson> Comparisons);
