using System.Buffers;
using System.Globalization;
using Warden.Core.Traffic;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Metrics;

/// <summary>
/// Renders the gateway's <c>/metrics</c> page from the recorder's cumulative totals, its event
/// and shadow counters, the request/shadow log writers, the flusher and the route table in force.
/// Every family is always announced (HELP/TYPE) so a scrape shows what exists even before traffic.
/// The series are listed in docs/telemetry.md.
/// </summary>
internal sealed class GatewayMetrics
{
    private readonly TrafficRecorder _recorder;
    private readonly IRouteTableSource? _routes;
    private readonly TelemetryFlusher? _flusher;
    private readonly IReadOnlyList<IMetricsContributor> _contributors;

    /// <summary>Creates a renderer; the route source, flusher and contributors are optional (their series are then left out).</summary>
    public GatewayMetrics(TrafficRecorder recorder, IRouteTableSource? routes = null, TelemetryFlusher? flusher = null, IEnumerable<IMetricsContributor>? contributors = null)
    {
        _recorder = recorder;
        _routes = routes;
        _flusher = flusher;
        _contributors = contributors?.ToArray() ?? [];
    }

    /// <summary>The whole page as UTF-8.</summary>
    public byte[] Render()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Render(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the whole page into <paramref name="output"/>.</summary>
    public void Render(IBufferWriter<byte> output)
    {
        var w = new PrometheusTextWriter(output);
        var totals = _recorder.Totals();
        var events = _recorder.Events.Snapshot();
        var table = _routes?.Current;
        WriteTraffic(w, WithRouted(totals, table, out var routed), routed);
        WriteShadow(w, events, table);
        WriteEvents(w, events);
        if (table is not null)
        {
            WriteRoutes(w, table);
        }

        WriteTelemetryHealth(w);
        foreach (var contributor in _contributors)
        {
            contributor.Write(w);
        }
    }

    /// <summary>
    /// The recorder's series, then a zero-valued one for every (service, version, arm) the route
    /// table routes that has served nothing yet: a counter Prometheus first scrapes at 0 lets
    /// <c>increase()</c> count its first requests, which a series born with them would lose.
    /// </summary>
    private static IReadOnlyList<SeriesTotals> WithRouted(IReadOnlyList<SeriesTotals> totals, RouteTable? table, out HashSet<SeriesKey> routed)
    {
        routed = [];
        if (table is null)
        {
            return totals;
        }

        foreach (var route in table.Services.Values.OrderBy(r => r.Service, StringComparer.Ordinal))
        {
            routed.Add(new SeriesKey(route.Service, route.Production.Version, TrafficArm.Production));
            if (route.Canary is { } canary)
            {
                routed.Add(new SeriesKey(route.Service, canary.Version, TrafficArm.Canary));
            }

            if (route.Shadow is { } shadow)
            {
                routed.Add(new SeriesKey(route.Service, shadow.Version, TrafficArm.Shadow));
            }
        }

        var seen = totals.Select(t => t.Key).ToHashSet();
        var zeros = routed.Where(k => !seen.Contains(k)).Select(Zero).ToList();
        return zeros.Count == 0 ? totals : [.. totals, .. zeros];
    }

    private static SeriesTotals Zero(SeriesKey key) => new()
    {
        Key = key,
        Requests = 0,
        ByStatus = new Dictionary<int, long>(),
        ErrorsByClass = new Dictionary<string, long>(),
        RequestBytes = 0,
        ResponseBytes = 0,
        DurationCounts = new long[DurationBuckets.Count],
        DurationSumMs = 0,
    };

    private static void WriteTraffic(PrometheusTextWriter w, IReadOnlyList<SeriesTotals> totals, HashSet<SeriesKey> routed)
    {
        // One label array per series, its last slot refilled per sample: no array per line.
        var labels = totals.Select(t => SeriesLabels(t.Key)).ToArray();
        w.Family("warden_gateway_requests_total", "counter", "Requests completed, by service, version, arm and HTTP status code.");
        for (var k = 0; k < totals.Count; k++)
        {
            foreach (var (code, count) in totals[k].ByStatus)
            {
                labels[k][3] = new("code", code.ToString(CultureInfo.InvariantCulture));
                w.Sample("warden_gateway_requests_total", labels[k], count);
            }
        }

        w.Family("warden_gateway_request_errors_total", "counter", "Failed requests, by service, version, arm and error class (5xx, timeout, connect, reset, unhealthy, client_aborted, other).");
        for (var k = 0; k < totals.Count; k++)
        {
            if (routed.Contains(totals[k].Key))
            {
                // Every class of a routed version, 0 until it happens, so its first errors are counted too.
                for (var c = 0; c < ErrorClasses.Count; c++)
                {
                    var error = ErrorClasses.Name((ErrorClass)c);
                    labels[k][3] = new("error", error);
                    w.Sample("warden_gateway_request_errors_total", labels[k], totals[k].ErrorsByClass.GetValueOrDefault(error));
                }

                continue;
            }

            foreach (var (error, count) in totals[k].ErrorsByClass)
            {
                labels[k][3] = new("error", error);
                w.Sample("warden_gateway_request_errors_total", labels[k], count);
            }
        }

        w.Family("warden_gateway_request_duration_seconds", "histogram", "Time from receiving a request to the end of its response, in seconds.");
        for (var k = 0; k < totals.Count; k++)
        {
            var t = totals[k];
            long cumulative = 0;
            for (var i = 0; i < DurationBuckets.Count; i++)
            {
                cumulative += t.DurationCounts[i];
                labels[k][3] = new("le", DurationBuckets.Labels[i]);
                w.Sample("warden_gateway_request_duration_seconds_bucket", labels[k], cumulative);
            }

            w.Sample("warden_gateway_request_duration_seconds_sum", labels[k].AsSpan(0, 3), t.DurationSumMs / 1000.0);
            w.Sample("warden_gateway_request_duration_seconds_count", labels[k].AsSpan(0, 3), t.Requests);
        }

        w.Family("warden_gateway_request_bytes_total", "counter", "Request body bytes forwarded to backends.");
        for (var k = 0; k < totals.Count; k++)
        {
            w.Sample("warden_gateway_request_bytes_total", labels[k].AsSpan(0, 3), totals[k].RequestBytes);
        }

        w.Family("warden_gateway_response_bytes_total", "counter", "Response body bytes returned by backends.");
        for (var k = 0; k < totals.Count; k++)
        {
            w.Sample("warden_gateway_response_bytes_total", labels[k].AsSpan(0, 3), totals[k].ResponseBytes);
        }

        // Only series that were judged: a service without compliance labels has no rate to show,
        // and a 0 there would read as "nothing compliant".
        w.Family("warden_gateway_compliance_judged_total", "counter", "Inference answers whose top-ranked item was judged against the service's compliance labels.");
        for (var k = 0; k < totals.Count; k++)
        {
            if (totals[k].ComplianceJudged > 0)
            {
                w.Sample("warden_gateway_compliance_judged_total", labels[k].AsSpan(0, 3), totals[k].ComplianceJudged);
            }
        }

        w.Family("warden_gateway_compliance_ok_total", "counter", "Judged inference answers whose top-ranked item is labelled compliant.");
        for (var k = 0; k < totals.Count; k++)
        {
            if (totals[k].ComplianceJudged > 0)
            {
                w.Sample("warden_gateway_compliance_ok_total", labels[k].AsSpan(0, 3), totals[k].ComplianceOk);
            }
        }
    }

    private void WriteShadow(PrometheusTextWriter w, IReadOnlyList<EventTotal> events, RouteTable? table)
    {
        // Every service with a shadow route shows its counters, at 0 until something happens.
        var services = new SortedSet<string>(StringComparer.Ordinal);
        if (table is not null)
        {
            foreach (var route in table.Services.Values.Where(r => r.Shadow is not null))
            {
                services.Add(route.Service);
            }
        }

        foreach (var e in events.Where(e => e.Kind is GatewayEvent.ShadowDropped or GatewayEvent.ShadowFailed))
        {
            services.Add(e.Service);
        }

        w.Family("warden_gateway_shadow_mirrors_dropped_total", "counter", "Mirror copies not sent because the shadow's concurrency limit was reached.");
        foreach (var service in services)
        {
            w.Sample("warden_gateway_shadow_mirrors_dropped_total", [new("service", service)], _recorder.Events.Get(service, GatewayEvent.ShadowDropped));
        }

        w.Family("warden_gateway_shadow_mirrors_failed_total", "counter", "Mirror copies that failed (shadow error, timeout or refusal); production was not affected.");
        foreach (var service in services)
        {
            w.Sample("warden_gateway_shadow_mirrors_failed_total", [new("service", service)], _recorder.Events.Get(service, GatewayEvent.ShadowFailed));
        }

        var summaries = _recorder.Shadows.Summaries(withStatistics: false);
        w.Family("warden_gateway_shadow_comparisons_total", "counter", "Production and shadow answers to the same request compared.");
        foreach (var s in summaries)
        {
            w.Sample("warden_gateway_shadow_comparisons_total", ShadowPair(s), s.Comparisons);
        }

        w.Family("warden_gateway_shadow_status_matches_total", "counter", "Shadow comparisons whose production and shadow statuses were equal.");
        foreach (var s in summaries)
        {
            w.Sample("warden_gateway_shadow_status_matches_total", ShadowPair(s), s.StatusMatches);
        }
    }

    private static void WriteEvents(PrometheusTextWriter w, IReadOnlyList<EventTotal> events)
    {
        w.Family("warden_gateway_events_total", "counter", "Counted gateway events that are not forwarded requests; service is empty when unknown.");
        foreach (var e in events)
        {
            w.Sample("warden_gateway_events_total", [new("service", e.Service), new("event", GatewayEvents.Name(e.Kind))], e.Count);
        }
    }

    private static void WriteRoutes(PrometheusTextWriter w, RouteTable table)
    {
        var routes = table.Services.Values.OrderBy(r => r.Service, StringComparer.Ordinal).ToList();
        w.Family("warden_gateway_route_canary_weight_ratio", "gauge", "Share of live traffic routed to the canary version, 0 to 1; version is empty and the value 0 when the service has no canary.");
        foreach (var route in routes)
        {
            var ratio = route.Canary is null ? 0.0 : route.CanaryBasisPoints / (double)ServiceRoute.MaxBasisPoints;
            w.Sample("warden_gateway_route_canary_weight_ratio", [new("service", route.Service), new("version", route.Canary?.Version ?? string.Empty)], ratio);
        }

        w.Family("warden_gateway_route_info", "gauge", "Always 1; the labels name each service's production, canary and shadow versions (empty when none).");
        foreach (var route in routes)
        {
            w.Sample(
                "warden_gateway_route_info",
                [
                    new("service", route.Service),
                    new("production", route.Production.Version),
                    new("canary", route.Canary?.Version ?? string.Empty),
                    new("shadow", route.Shadow?.Version ?? string.Empty),
                ],
                1L);
        }

        w.Family("warden_gateway_route_revision", "gauge", "Revision of the route table in force; increases by one with every change.");
        w.Sample("warden_gateway_route_revision", [], table.Revision);
    }

    private void WriteTelemetryHealth(PrometheusTextWriter w)
    {
        w.Family("warden_gateway_request_log_dropped_total", "counter", "Request log records dropped because the writer's queue was full.");
        w.Sample("warden_gateway_request_log_dropped_total", [], _recorder.RequestLog?.Dropped ?? 0);

        w.Family("warden_gateway_shadow_log_dropped_total", "counter", "Shadow log records dropped because the writer's queue was full.");
        w.Sample("warden_gateway_shadow_log_dropped_total", [], _recorder.ShadowLog?.Dropped ?? 0);

        w.Family("warden_gateway_log_write_failures_total", "counter", "Log records lost because the file could not be written or the record not formatted, by log.");
        w.Sample("warden_gateway_log_write_failures_total", [new("log", "request")], _recorder.RequestLog?.WriteFailures ?? 0);
        w.Sample("warden_gateway_log_write_failures_total", [new("log", "shadow")], _recorder.ShadowLog?.WriteFailures ?? 0);

        w.Family("warden_gateway_telemetry_series_overflow_total", "counter", "Records not kept per series because the cap on distinct series was reached, by kind (traffic: requests; event: events; shadow: comparisons).");
        w.Sample("warden_gateway_telemetry_series_overflow_total", [new("kind", "traffic")], _recorder.SeriesOverflow);
        w.Sample("warden_gateway_telemetry_series_overflow_total", [new("kind", "event")], _recorder.Events.Overflow);
        w.Sample("warden_gateway_telemetry_series_overflow_total", [new("kind", "shadow")], _recorder.Shadows.Overflow);

        w.Family("warden_gateway_telemetry_invalid_total", "counter", "Observer calls ignored because a field was impossible, by kind (request, shadow).");
        w.Sample("warden_gateway_telemetry_invalid_total", [new("kind", "request")], _recorder.InvalidOutcomes);
        w.Sample("warden_gateway_telemetry_invalid_total", [new("kind", "shadow")], _recorder.Shadows.Invalid);

        w.Family("warden_gateway_telemetry_late_requests_total", "counter", "Requests counted in the next 1-second window because theirs had already been closed.");
        w.Sample("warden_gateway_telemetry_late_requests_total", [], _recorder.LateRequests());

        if (_flusher is null)
        {
            return;
        }

        w.Family("warden_gateway_telemetry_windows_written_total", "counter", "Telemetry windows written to sinks (summed over sinks).");
        w.Sample("warden_gateway_telemetry_windows_written_total", [], _flusher.WindowsWritten);
        w.Family("warden_gateway_telemetry_sink_failures_total", "counter", "Sink writes that failed (the batch is retried).");
        w.Sample("warden_gateway_telemetry_sink_failures_total", [], _flusher.SinkFailures);
        w.Family("warden_gateway_telemetry_windows_dropped_total", "counter", "Telemetry windows dropped from a failing sink's backlog.");
        w.Sample("warden_gateway_telemetry_windows_dropped_total", [], _flusher.WindowsDropped);
    }

    /// <summary>service, version, arm, and a fourth slot for the per-sample label.</summary>
    private static MetricLabel[] SeriesLabels(SeriesKey key) =>
        [new("service", key.Service), new("version", key.Version), new("arm", TrafficArms.Name(key.Arm)), default];

    private static MetricLabel[] ShadowPair(ShadowSummary s) =>
        [new("service", s.Service), new("production_version", s.ProductionVersion), new("shadow_version", s.ShadowVersion)];
}
