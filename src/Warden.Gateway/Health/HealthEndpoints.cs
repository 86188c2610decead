using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warden.Gateway.Hosting;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Health;

/// <summary>
/// <c>/healthz</c>: the process is alive (always 200). <c>/readyz</c>: 200 when the route table is
/// loaded and every service's production backend is up, else 503 listing why.
/// </summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, IRouteTableSource routes, BackendCatalog catalog)
    {
        endpoints.MapGet("/healthz", context => JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteString("status", "alive");
        }));

        endpoints.MapGet("/readyz", context =>
        {
            var table = routes.Current;
            var reasons = new List<string>();
            foreach (var service in catalog.ServiceNames)
            {
                if (!table.Services.TryGetValue(service, out var route))
                {
                    reasons.Add($"{service}: no route");
                    continue;
                }

                var backend = catalog.Resolve(service, route.Production);
                switch (backend.Status)
                {
                    case HealthStatus.Unknown:
                        reasons.Add($"{backend}: production backend not checked yet");
                        break;
                    case HealthStatus.Down:
                        reasons.Add($"{backend}: production backend is down ({backend.LastFailure})");
                        break;
                }
            }

            return JsonAnswer.WriteAsync(context, reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
            {
                json.WriteBoolean("ready", reasons.Count == 0);
                json.WriteNumber("revision", table.Revision);
                json.WriteStartArray("reasons");
                foreach (var reason in reasons)
                {
                    json.WriteStringValue(reason);
                }

                json.WriteEndArray();
            });
        });
    }
}
