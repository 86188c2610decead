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
/// <c>PUT /admin/routes/{service}</c>. Unauthenticated, like the rest of the listener: the gateway
/// binds 127.0.0.1 unless told otherwise, and <see cref="AdminRequestGuard"/> turns away requests
/// that name another host or come from a web page of another origin.
/// </summary>
internal static class AdminEndpoints
{
    /// <summary>Largest PUT body read; a route change is a few dozen bytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

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

        var update = body is null ? null : RouteUpdateReader.Read(body.Value, problems);
        if (update is null)
        {
            // Refused before reaching the updater: count it the same way.
            updater.Reject(service);
            await InvalidAsync(context, service, problems).ConfigureAwait(false);
            return;
        }

        var result = updater.Apply(service, update);
        switch (result.Status)
        {
            case RouteUpdateStatus.Applied:
                await JsonAnswer.WriteAsync(context, StatusCodes.Status200OK, json => WriteOne(json, result.Table.Revision, result.Table.Services[service], catalog)).ConfigureAwait(false);
                break;
            case RouteUpdateStatus.UnknownService:
                await UnknownServiceAsync(context, service, catalog).ConfigureAwait(false);
                break;
            default:
                await InvalidAsync(context, service, result.Problems).ConfigureAwait(false);
                break;
        }
    }

    private static void WriteOne(System.Text.Json.Utf8JsonWriter json, long revision, ServiceRoute route, BackendCatalog catalog)
    {
        json.WriteNumber("revision", revision);
        json.WriteStartObject("route");
        RoutesJson.WriteRoute(json, route, catalog);
        json.WriteEndObject();
    }

    private static Task InvalidAsync(HttpContext context, string service, IReadOnlyList<RouteProblem> problems) =>
        JsonAnswer.WriteAsync(
            context,
            StatusCodes.Status400BadRequest,
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
