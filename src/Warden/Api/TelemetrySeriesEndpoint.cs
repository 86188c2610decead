using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Traffic;
using Warden.Gateway.Configuration;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Api;

/// <summary>
/// <c>GET /api/v1/telemetry/series?service=S&amp;seconds=1800&amp;step=10</c>: a service's live traffic
/// from this server's gateway as time series (<see cref="TrafficRecorder.Buckets"/>), one per
/// (version, arm), with the policy's targets to draw against. Each point is a bucket's counts,
/// throughput, error rate and compliance with their Wilson intervals, and P95 with its
/// order-statistic interval — the same estimates as <c>/api/v1/telemetry</c> over one bucket.
/// </summary>
internal static class TelemetrySeriesEndpoint
{
    /// <summary>Default look-back in seconds (capped by the ring).</summary>
    public const int DefaultSeconds = 1800;

    /// <summary>Default bucket length in seconds.</summary>
    public const int DefaultStep = 10;

    /// <summary>Answers the call; every bad parameter is named at once.</summary>
    public static IResult Get(HttpContext context, VerdictPolicy policy)
    {
        var recorder = context.RequestServices.GetRequiredService<TrafficRecorder>();
        var query = context.Request.Query;
        var problems = new List<string>();
        foreach (var name in query.Keys.Where(k => k is not ("service" or "seconds" or "step")).Order(StringComparer.Ordinal))
        {
            problems.Add($"'{name}' is not a parameter; give service, seconds and step");
        }

        var service = Single(query, "service", problems);
        if (service is null && !problems.Any(p => p.StartsWith("service", StringComparison.Ordinal)))
        {
            problems.Add("service is missing; e.g. /api/v1/telemetry/series?service=ranker&seconds=1800&step=10");
        }

        var seconds = Number(query, "seconds", DefaultSeconds, 1, int.MaxValue, $"a whole number of seconds of at least 1 (default {DefaultSeconds}; more than the ring's {recorder.RingSlots} gives the ring)", problems);
        var step = Number(query, "step", DefaultStep, 1, TrafficRecorder.MaxStepSeconds, $"a whole number of seconds from 1 to {TrafficRecorder.MaxStepSeconds} (default {DefaultStep})", problems);
        if (problems.Count > 0)
        {
            return ApiProblems.BadInput(string.Join("; ", problems) + ".");
        }

        var buckets = recorder.Buckets(service!, seconds, step);
        if (buckets.Series.Count == 0 && context.RequestServices.GetService<IRouteTableSource>()?.Current is { } routes && !routes.Services.ContainsKey(service!))
        {
            var known = routes.Services.Keys.Order(StringComparer.Ordinal).ToList();
            return ApiProblems.NotFound($"unknown service '{service}'; this gateway routes {(known.Count == 0 ? "no service" : string.Join(", ", known))}.");
        }

        // Whether the service's answers are judged at all: the page says "no labels configured"
        // rather than drawing an empty compliance chart. Null where the gateway's options are not known.
        var labels = context.RequestServices.GetService<GatewayOptions>() is { } gateway
            ? gateway.Services.Any(s => s.Name == service && s.ComplianceLabels is not null)
            : (bool?)null;
        return Results.Json(Json(buckets, policy, labels), JsonOutput.Options);
    }

    private static object Json(TrafficBuckets buckets, VerdictPolicy policy, bool? complianceLabels) => new
    {
        buckets.Service,
        buckets.From,
        buckets.To,
        buckets.StepSeconds,
        ComplianceLabels = complianceLabels,
        Targets = new
        {
            P95Ms = policy.Latency.P95TargetMs,
            ErrorRate = policy.ErrorRate.Limit,
            ThroughputRps = policy.Throughput.TargetRps,
            ComplianceDropPoints = policy.Guard.ComplianceDropPoints,
        },
        Series = buckets.Series.Select(s => new
        {
            s.Key.Version,
            Arm = TrafficArms.Name(s.Key.Arm),
            Points = s.Buckets.Select(b => new
            {
                Time = b.From,
                b.Requests,
                b.Errors,
                ThroughputRps = b.ThroughputPerSecond,
                ErrorRate = Of(b.ErrorRateEstimate(policy.Confidence)),
                P95Ms = Of(b.LatencyQuantileEstimate(0.95, policy.Confidence)),
                b.ComplianceJudged,
                Compliance = Of(b.ComplianceEstimate(policy.Confidence)),
            }).ToList(),
        }).ToList(),
    };

    private static EstimateJson? Of(Core.Statistics.Estimate? estimate) => estimate is { } e ? EstimateJson.From(e) : null;

    private static string? Single(IQueryCollection query, string name, List<string> problems)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            problems.Add($"{name} is given {values.Count} times; give it once");
            return null;
        }

        return string.IsNullOrEmpty(values.Count == 1 ? values[0] : null) ? null : values[0];
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, string give, List<string> problems)
    {
        var text = Single(query, name, problems);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{name} is '{text}'; give {give}");
        return fallback;
    }
}
