using System.Buffers;
using System.Globalization;
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

    /// <summary>Creates a renderer; the route source and flusher are optional (their series are then left out).</summary>
    public GatewayMetrics(TrafficRecorder recorder, IRouteTableSource? routes = null, TelemetryFlusher? flusher = null)
    {
        _recorder = recorder;
        _routes = routes;
        _flusher = flusher;
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
        WriteTraffic(w, totals);
        WriteShadow(w, events, table);
        WriteEvents(w, events);
        if (table is not null)
        {
            WriteRoutes(w, table);
        }

        WriteTelemetryHealth(w);
    }

    private static void WriteTraffic(PrometheusTextWriter w, IReadOnlyList<SeriesTotals> totals)
    {
        w.Family("warden_gateway_requests_total", "counter", "Requests completed, by service, version, arm and HTTP status code.");
        foreach (var t in totals)
        {
            foreach (var (code, count) in t.ByStatus)
            {
                w.Sample("warden_gateway_requests_total", [.. Series(t.Key), new("code", code.ToString(CultureInfo.InvariantCulture))], count);
            }
        }

        w.Family("warden_gateway_request_errors_total", "counter", "Failed requests, by service, version, arm and error class (5xx, timeout, connect, reset, unhealthy, client_aborted, other).");
        foreach (var t in totals)
        {
            foreach (var (error, count) in t.ErrorsByClass)
            {
                w.Sample("warden_gateway_request_errors_total", [.. Series(t.Key), new("error", error)], count);
            }
        }

        w.Family("warden_gateway_request_duration_seconds", "histogram", "Time from receiving a request to the end of its response, in seconds.");
        foreach (var t in totals)
        {
            long cumulative = 0;
            for (var i = 0; i < DurationBuckets.Count; i++)
            {
                cumulative += t.DurationCounts[i];
                w.Sample("warden_gateway_request_duration_seconds_bucket", [.. Series(t.Key), new("le", DurationBuckets.Labels[i])], cumulative);
            }

            w.Sample("warden_gateway_request_duration_seconds_sum", Series(t.Key), t.DurationSumMs / 1000.0);
            w.Sample("warden_gateway_request_duration_seconds_count", Series(t.Key), t.Requests);
        }

        w.Family("warden_gateway_request_bytes_total", "counter", "Request body bytes forwarded to backends.");
        foreach (var t in totals)
        {
            w.Sample("warden_gateway_request_bytes_total", Series(t.Key), t.RequestBytes);
        }

        w.Family("warden_gateway_response_bytes_total", "counter", "Response body bytes returned by backends.");
        foreach (var t in totals)
        {
            w.Sample("warden_gateway_response_bytes_total", Series(t.Key), t.ResponseBytes);
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

        w.Family("warden_gateway_log_write_failures_total", "counter", "Log records lost because the file could not be written, by log.");
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

    private static MetricLabel[] Series(SeriesKey key) =>
        [new("service", key.Service), new("version", key.Version), new("arm", TrafficArms.Name(key.Arm))];

    private static MetricLabel[] ShadowPair(ShadowSummary s) =>
        [new("service", s.Service), new("production_version", s.ProductionVersion), new("shadow_version", s.ShadowVersion)];
}
