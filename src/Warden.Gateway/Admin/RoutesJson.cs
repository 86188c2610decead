using System.Text.Json;
using Warden.Gateway.Health;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Admin;

/// <summary>The route documents <c>GET /admin/routes</c> and <c>PUT /admin/routes/{service}</c> answer with (schema in docs/gateway.md).</summary>
internal static class RoutesJson
{
    /// <summary><c>{"revision", "services": [ROUTE...]}</c>, services in configuration order.</summary>
    public static void WriteTable(Utf8JsonWriter json, RouteTable table, BackendCatalog catalog)
    {
        json.WriteNumber("revision", table.Revision);
        json.WriteStartArray("services");
        foreach (var service in catalog.ServiceNames)
        {
            if (table.Services.TryGetValue(service, out var route))
            {
                json.WriteStartObject();
                WriteRoute(json, route, catalog);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }

    /// <summary>The fields of one ROUTE: service, production, shadow, canary, canary_weight (percent), backends with health.</summary>
    public static void WriteRoute(Utf8JsonWriter json, ServiceRoute route, BackendCatalog catalog)
    {
        json.WriteString("service", route.Service);
        json.WriteString("production", route.Production.Version);
        json.WriteString("shadow", route.Shadow?.Version);
        json.WriteString("canary", route.Canary?.Version);
        json.WriteNumber("canary_weight", CanaryWeight.ToPercent(route.Canary is null ? 0 : route.CanaryBasisPoints));
        json.WriteStartArray("backends");
        foreach (var version in catalog.VersionsOf(route.Service) ?? [])
        {
            var backend = catalog.Find(route.Service, version)!;
            json.WriteStartObject();
            json.WriteString("version", version);
            json.WriteString("address", backend.Target.Address.AbsoluteUri);
            json.WriteString("health", Health(backend.Status));
            json.WriteNumber("consecutive_failures", backend.ConsecutiveFailures);
            json.WriteString("last_failure", backend.LastFailure);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static string Health(HealthStatus status) => status switch
    {
        HealthStatus.Up => "up",
        HealthStatus.Down => "down",
        _ => "unknown",
    };
}
