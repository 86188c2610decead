using Warden.Gateway.Routing;

namespace Warden.Gateway.Telemetry;

/// <summary>Body of <c>GET /admin/shadow</c> (snake_case JSON; see docs/telemetry.md).</summary>
internal sealed record ShadowResponse(IReadOnlyList<ShadowServiceJson> Services)
{
    /// <summary>
    /// One entry per service that has a shadow route, shadow events or comparisons, ordered by
    /// name; each lists its (production, shadow) version pairs.
    /// </summary>
    public static ShadowResponse Of(TrafficRecorder recorder, RouteTable? routes)
    {
        var summaries = recorder.Shadows.Summaries(withStatistics: true);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(summaries.Select(s => s.Service));
        names.UnionWith(recorder.Events.Snapshot()
            .Where(e => e.Kind is GatewayEvent.ShadowDropped or GatewayEvent.ShadowFailed)
            .Select(e => e.Service));
        if (routes is not null)
        {
            names.UnionWith(routes.Services.Values.Where(r => r.Shadow is not null).Select(r => r.Service));
        }

        return new([.. names.Select(name => new ShadowServiceJson(
            name,
            routes?.Services.GetValueOrDefault(name)?.Shadow?.Version,
            recorder.Events.Get(name, GatewayEvent.ShadowDropped),
            recorder.Events.Get(name, GatewayEvent.ShadowFailed),
            [.. summaries.Where(s => s.Service == name).Select(ShadowPairJson.Of)]))]);
    }
}
