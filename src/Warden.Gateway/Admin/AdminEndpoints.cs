using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warden.Gateway.Hosting;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Admin;

/// <summary>
/// Runtime control: <c>GET /admin/routes</c>, <c>GET /admin/routes/{service}</c> and
/// <c>PUT /admin/routes/{service}</c>, served on the admin listener only (<c>gateway.admin.urls</c>,
/// 127.0.0.1:8079 by default), never on the traffic listener. Unauthenticated: the caller names
/// itself in <c>X-Warden-Actor</c> and is recorded as claimed; <see cref="AdminRequestGuard"/> turns
/// away requests that name another host or come from a web page of another origin.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>Largest PUT body read; a route change is a few dozen bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The header a caller names itself in; recorded as the change's actor, as claimed.</summary>
    public const string ActorHeader = "X-Warden-Actor";

    /// <summary>Longest actor name taken from <see cref="ActorHeader"/>.</summary>
    public const int MaxActorLength = 200;

    public static void Map(IEndpointRouteBuilder endpoints, RouteTableHolder routes, BackendCatalog catalog, RouteUpdater updater)
    {
        endpoints.MapGet("/admin/routes", context =>
            JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, json => RoutesJson.WriteTable(json, routes.Current, catalog)));

        endpoints.MapGet("/admin/routes/{service}", context =>
        {
            var service = (string)context.Request.RouteValues["service"]!;
            var table = routes.Current;
            return table.Services.TryGetValue(service, out var route)
                ? JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, json => WriteOne(json, table.Revision, route, catalog))
                : UnknownServiceAsync(context, service, catalog);
        });

        endpoints.MapPut("/admin/routes/{service}", context => PutAsync(context, updater, catalog));

        endpoints.Map("/admin/{**rest}", context =>
        {
            const string Known = "GET /admin/routes, GET /admin/routes/{service}, PUT /admin/routes/{service}";
            var reason = $"no admin endpoint {context.Request.Method} {context.Request.Path}; known: {Known}";
            return JsonAnswer.WriteAsync(context, StatusCodes.Status404NotFound, json => json.WriteString("error", reason), reason);
        });
    }

    /// <summary>The 403 for a request <see cref="AdminRequestGuard"/> refused; counted as <c>AdminRefused</c>.</summary>
    public static Task RefuseAsync(HttpContext context, string reason, IGatewayObserver observer)
    {
        observer.EventCounted(null, GatewayEvent.AdminRefused);
        return JsonAnswer.WriteAsync(context, StatusCodes.Status403Forbidden, json => json.WriteString("error", reason), reason);
    }

    /// <summary>The traffic listener's 404 for <c>/admin/...</c>: the admin API has its own address.</summary>
    public static Task NotOnThisListenerAsync(HttpContext context)
    {
        const string Reason = "the admin API is not served on this listener; it listens on its own address (gateway.admin.urls, default http://127.0.0.1:8079)";
        return JsonAnswer.WriteAsync(context, StatusCodes.Status404NotFound, json => json.WriteString("error", Reason), Reason);
    }

    /// <summary>The admin listener's 404 for anything outside <c>/admin/</c>: service traffic, /metrics and the probes belong to the traffic listener.</summary>
    public static Task AdminOnlyAsync(HttpContext context)
    {
        var reason = $"this is the admin listener; it serves /admin/... only, not {context.Request.Path}; send service traffic, /metrics, /healthz and /readyz to the gateway's traffic listener";
        return JsonAnswer.WriteAsync(context, StatusCodes.Status404NotFound, json => json.WriteString("error", reason), reason);
    }

    private static async Task PutAsync(HttpContext context, RouteUpdater updater, BackendCatalog catalog)
    {
        var service = (string)context.Request.RouteValues["service"]!;
        if (catalog.VersionsOf(service) is null)
        {
            updater.Reject(null);
            await UnknownServiceAsync(context, service, catalog).ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var problems = new List<RouteProblem>();
        if (body is null)
        {
            problems.Add(new RouteProblem(string.Empty, $"the body is larger than {MaxBodyBytes} bytes; a route change is a small JSON object"));
        }

        var actor = Actor(context, problems);
        var update = body is null ? null : RouteUpdateReader.Read(body.Value, problems);
        if (update is null || actor is null)
        {
            // Refused before reaching the updater: count it the same way.
            updater.Reject(service);
            await InvalidAsync(context, service, problems).ConfigureAwait(false);
            return;
        }

        var result = await updater.ApplyAsync(service, update, actor, context.RequestAborted).ConfigureAwait(false);
        switch (result.Status)
        {
            case RouteUpdateStatus.Applied:
                await JsonAnswer.WriteAsync(
                    context,
                    StatusCodes.Status200OK,
                    json =>
                    {
                        WriteOne(json, result.Table.Revision, result.Table.Services[service], catalog);
                        json.WriteString("audit_event", result.Record);
                    }).ConfigureAwait(false);
                break;
            case RouteUpdateStatus.UnknownService:
                await UnknownServiceAsync(context, service, catalog).ConfigureAwait(false);
                break;
            case RouteUpdateStatus.Refused:
                await InvalidAsync(context, service, result.Problems, StatusCodes.Status409Conflict).ConfigureAwait(false);
                break;
            case RouteUpdateStatus.NotRecorded:
                var reason = $"route change for '{service}' not applied: its audit event could not be written ({result.Failure}); the route is unchanged at revision {result.Table.Revision}";
                await JsonAnswer.WriteAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    json =>
                    {
                        json.WriteString("error", reason);
                        json.WriteString("service", service);
                        json.WriteNumber("revision", result.Table.Revision);
                    },
                    reason).ConfigureAwait(false);
                break;
            default:
                await InvalidAsync(context, service, result.Problems).ConfigureAwait(false);
                break;
        }
    }

    // The caller's name as it claims it (no authentication yet), else where the call came from.
    private static string? Actor(HttpContext context, List<RouteProblem> problems)
    {
        var values = context.Request.Headers[ActorHeader];
        if (values.Count == 0)
        {
            return $"anonymous@{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
        }

        var actor = values.Count == 1 ? values[0]?.Trim() : null;
        if (string.IsNullOrEmpty(actor) || actor.Length > MaxActorLength || actor.Any(char.IsControl))
        {
            problems.Add(new RouteProblem(
                ActorHeader,
                $"{ActorHeader} must be one name of 1 to {MaxActorLength} printable characters (e.g. alice or ci-pipeline); leave it out to be recorded as anonymous@ADDRESS"));
            return null;
        }

        return actor;
    }

    private static void WriteOne(System.Text.Json.Utf8JsonWriter json, long revision, ServiceRoute route, BackendCatalog catalog)
    {
        json.WriteNumber("revision", revision);
        json.WriteStartObject("route");
        RoutesJson.WriteRoute(json, route, catalog);
        json.WriteEndObject();
    }

    private static Task InvalidAsync(HttpContext context, string service, IReadOnlyList<RouteProblem> problems, int status = StatusCodes.Status400BadRequest) =>
        JsonAnswer.WriteAsync(
            context,
            status,
            json =>
            {
                json.WriteString("error", $"route change for '{service}' refused");
                json.WriteString("service", service);
                json.WriteStartArray("problems");
                foreach (var problem in problems)
                {
                    json.WriteStartObject();
                    json.WriteString("field", problem.Field);
                    json.WriteString("message", problem.Message);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            },
            problems.Count > 0 ? problems[0].Message : null);

    private static Task UnknownServiceAsync(HttpContext context, string service, BackendCatalog catalog)
    {
        var reason = $"unknown service '{service}'; known services: {catalog.ServiceList}";
        return JsonAnswer.WriteAsync(
            context,
            StatusCodes.Status404NotFound,
            json =>
            {
                json.WriteString("error", reason);
                json.WriteString("service", service);
                json.WriteStartArray("services");
                foreach (var name in catalog.ServiceNames)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
            },
            reason);
    }

    // The body, or null when it passes MaxBodyBytes.
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                return null;
            }
        }
    }
}
