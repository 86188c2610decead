using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Warden.Core.Reports;
using Warden.Core.Traffic;
using Warden.Gateway.Metrics;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Maps <c>GET /metrics</c>, <c>GET /admin/telemetry</c> and <c>GET /admin/shadow</c> onto a
/// host whose services came from <see cref="TelemetryServiceCollectionExtensions.AddGatewayTelemetry"/>.
/// </summary>
internal static class TelemetryEndpoints
{
    /// <summary>Default window of <c>/admin/telemetry</c> in seconds.</summary>
    public const int DefaultSeconds = 60;

    /// <summary>Maps the three endpoints. Literal routes, so they take precedence over a gateway catch-all such as <c>/{service}/{**rest}</c>.</summary>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", WriteMetricsAsync);
        app.MapGet("/admin/telemetry", GetTelemetry);
        app.MapGet("/admin/shadow", GetShadow);
        return app;
    }

    private static async Task WriteMetricsAsync(HttpContext context)
    {
        var metrics = context.RequestServices.GetRequiredService<GatewayMetrics>();
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        metrics.Render(context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>GET /admin/telemetry</c>: a service version's per-second windows; also the REST API's <c>GET /api/v1/telemetry</c>.</summary>
    internal static IResult GetTelemetry(HttpContext context)
    {
        var recorder = context.RequestServices.GetRequiredService<TrafficRecorder>();
        var query = context.Request.Query;
        var problems = new List<string>();
        var service = Single(query, "service", problems);
        var version = Single(query, "version", problems);
        var secondsText = Single(query, "seconds", problems, required: false);
        var armText = Single(query, "arm", problems, required: false);
        var seconds = DefaultSeconds;
        if (secondsText is not null
            && (!int.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds < 1 || seconds > recorder.RingSlots))
        {
            problems.Add($"seconds is '{secondsText}'; give a whole number from 1 to {recorder.RingSlots} (the ring length; default {DefaultSeconds})");
        }

        TrafficArm? arm = null;
        if (armText is not null)
        {
            if (TrafficArms.TryParse(armText, out var parsed))
            {
                arm = parsed;
            }
            else
            {
                problems.Add($"arm is '{armText}'; give production, canary or shadow, or leave it out to merge all arms");
            }
        }

        if (problems.Count > 0)
        {
            return Results.Json(new AdminErrorJson(string.Join("; ", problems)), JsonOutput.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        var known = recorder.Series();
        if (!known.Any(k => k.Service == service && k.Version == version && (arm is null || k.Arm == arm)))
        {
            var what = $"service '{service}' version '{version}'" + (arm is { } a ? $" arm '{TrafficArms.Name(a)}'" : string.Empty);
            return Results.Json(
                new AdminErrorJson($"no traffic recorded for {what} since the gateway started", [.. known.Select(k => $"{k.Service}/{k.Version}/{TrafficArms.Name(k.Arm)}")]),
                JsonOutput.Options,
                statusCode: StatusCodes.Status404NotFound);
        }

        return Results.Json(TelemetryResponse.Of(recorder.QueryLast(service!, version!, seconds, arm)), JsonOutput.Options);
    }

    /// <summary><c>GET /admin/shadow</c>: the shadow comparisons per service; also the REST API's <c>GET /api/v1/shadow</c>.</summary>
    internal static IResult GetShadow(HttpContext context)
    {
        var recorder = context.RequestServices.GetRequiredService<TrafficRecorder>();
        var routes = context.RequestServices.GetService<IRouteTableSource>()?.Current;
        return Results.Json(ShadowResponse.Of(recorder, routes), JsonOutput.Options);
    }

    private static string? Single(IQueryCollection query, string name, List<string> problems, bool required = true)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            problems.Add($"{name} is given {values.Count} times; give it once");
            return null;
        }

        var value = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                problems.Add($"{name} is missing; e.g. /admin/telemetry?service=ranker&version=v2&seconds=60");
            }

            return null;
        }

        return value;
    }
}
