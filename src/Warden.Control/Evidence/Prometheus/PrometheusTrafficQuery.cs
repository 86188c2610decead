using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Warden.Core.Statistics;
using Warden.Core.Traffic;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// Measures one (service, version, arm) over a window from the gateway's own series (see
/// docs/telemetry.md): <c>increase()</c> over the window, evaluated at its end, of the duration
/// histogram's <c>_count</c> (requests), of the error counter and of the histogram's
/// <c>_bucket</c> series summed by <c>le</c>.
/// Summing over every label but these is what makes several gateway replicas one measurement.
/// <para>
/// <c>increase()</c> extrapolates to the window's edges, so its counts are not whole numbers and
/// can exceed the true count by up to about one scrape interval's share of the window; they are
/// rounded to whole requests. A series Prometheus first sees inside the window loses what it
/// counted before its first scrape; the gateway exports the request count, the buckets and every
/// error class at 0 for each version its route table routes, so that happens only to a version
/// served before it was routed (or past the telemetry's series cap).
/// </para>
/// </summary>
internal sealed class PrometheusTrafficQuery
{
    /// <summary>The arms a user is served by: the guard's live counts leave the shadow out.</summary>
    private const string LiveArms = "arm!=\"shadow\"";

    /// <summary>A client that went away is not the version's error (as the in-process guard counts).</summary>
    private const string GuardErrors = "error!=\"client_aborted\"";

    private readonly PrometheusClient _client;
    private readonly string? _selector;

    /// <summary>Creates a query over <paramref name="client"/>.</summary>
    /// <param name="client">Asks the server.</param>
    /// <param name="selector">Extra label matchers for every query (warden.yaml <c>evidence.prometheus.selector</c>, e.g. <c>job="warden"</c>), or null.</param>
    public PrometheusTrafficQuery(PrometheusClient client, string? selector = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _selector = string.IsNullOrWhiteSpace(selector) ? null : selector;
    }

    /// <summary>The server asked.</summary>
    public Uri BaseAddress => _client.BaseAddress;

    /// <summary>
    /// PromQL for the requests completed in the window: the duration histogram's <c>_count</c>, one
    /// series per (service, version, arm) without a status label, which the gateway exports at 0
    /// for every routed version, so <c>increase()</c> counts from the first request on.
    /// </summary>
    public static string RequestsQuery(string service, string version, TrafficArm arm, TimeSpan window, string? selector = null) =>
        $"sum(increase(warden_gateway_request_duration_seconds_count{Selector(service, version, ArmMatcher(arm), selector)}[{Range(window)}]))";

    /// <summary>PromQL for the failed requests in the window.</summary>
    public static string ErrorsQuery(string service, string version, TrafficArm arm, TimeSpan window, string? selector = null) =>
        $"sum(increase(warden_gateway_request_errors_total{Selector(service, version, ArmMatcher(arm), selector)}[{Range(window)}]))";

    /// <summary>PromQL for the cumulative latency buckets of the window, one series per <c>le</c>.</summary>
    public static string BucketsQuery(string service, string version, TrafficArm arm, TimeSpan window, string? selector = null) =>
        $"sum by (le) (increase(warden_gateway_request_duration_seconds_bucket{Selector(service, version, ArmMatcher(arm), selector)}[{Range(window)}]))";

    /// <summary>
    /// Asks the three queries at <paramref name="end"/> and combines them. Never throws for a failed
    /// query: an errored or empty answer makes the measurement errored or no data, with the reason.
    /// </summary>
    /// <exception cref="ArgumentException">The window is empty or shorter than a millisecond.</exception>
    public Task<PrometheusTrafficMeasurement> MeasureAsync(
        string service, string version, TrafficArm arm, DateTimeOffset start, DateTimeOffset end, double confidence, CancellationToken cancellationToken)
    {
        var window = Window(start, end);
        string[] queries = [RequestsQuery(service, version, arm, window, _selector), ErrorsQuery(service, version, arm, window, _selector), BucketsQuery(service, version, arm, window, _selector)];
        return AskAsync(service, version, arm, queries, start, end, confidence, cancellationToken);
    }

    /// <summary>
    /// The version's live requests (production and canary arms, never the shadow) in the window, as
    /// the live guard counts them: errors leave out clients that went away.
    /// </summary>
    /// <exception cref="ArgumentException">The window is empty or shorter than a millisecond.</exception>
    public Task<PrometheusTrafficMeasurement> MeasureLiveAsync(
        string service, string version, DateTimeOffset start, DateTimeOffset end, double confidence, CancellationToken cancellationToken)
    {
        var window = Window(start, end);
        var live = Selector(service, version, LiveArms, _selector);
        string[] queries =
        [
            $"sum(increase(warden_gateway_request_duration_seconds_count{live}[{Range(window)}]))",
            $"sum(increase(warden_gateway_request_errors_total{Selector(service, version, LiveArms + "," + GuardErrors, _selector)}[{Range(window)}]))",
            $"sum by (le) (increase(warden_gateway_request_duration_seconds_bucket{live}[{Range(window)}]))",
        ];
        return AskAsync(service, version, null, queries, start, end, confidence, cancellationToken);
    }

    private async Task<PrometheusTrafficMeasurement> AskAsync(
        string service, string version, TrafficArm? arm, string[] queries, DateTimeOffset start, DateTimeOffset end, double confidence, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(queries.Select(q => _client.QueryAsync(q, end, cancellationToken))).ConfigureAwait(false);
        var measurement = new PrometheusTrafficMeasurement
        {
            Service = service,
            Version = version,
            Arm = arm,
            Start = start,
            End = end,
            Status = PrometheusQueryStatus.Errored,
            Queries = [.. queries],

            // Each value is an increase() over [start, end] evaluated at end: the range is the provenance.
            Provenance = [.. queries.Select(q => PrometheusProvenance.Of(q, start, end))],
            Warnings = [.. answers.SelectMany(a => a.Warnings)],
        };
        return Combine(measurement, answers[0], answers[1], answers[2], confidence);
    }

    private static TimeSpan Window(DateTimeOffset start, DateTimeOffset end)
    {
        var window = end - start;
        if (window < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentException($"The window {PrometheusProvenance.Format(start)}/{PrometheusProvenance.Format(end)} is empty; end must be after start.", nameof(end));
        }

        return window;
    }

    private static PrometheusTrafficMeasurement Combine(
        PrometheusTrafficMeasurement m, PrometheusQueryResult requests, PrometheusQueryResult errors, PrometheusQueryResult buckets, double confidence)
    {
        var failed = new[] { requests, errors, buckets }.Where(a => a.IsErrored).Select(a => a.Reason).Distinct().ToArray();
        if (failed.Length > 0)
        {
            return m with { Reason = string.Join("; ", failed) };
        }

        var what = $"service={m.Service} version={m.Version} arm={(m.Arm is { } a ? TrafficArms.Name(a) : "production|canary")} in {PrometheusProvenance.Format(m.Start)}/{PrometheusProvenance.Format(m.End)}";
        if (requests.Status == PrometheusQueryStatus.NoData)
        {
            return m with { Status = PrometheusQueryStatus.NoData, Reason = $"no requests recorded for {what} ({requests.Reason})" };
        }

        var n = Count(requests.Series[0].Last);
        if (n == 0)
        {
            return m with { Status = PrometheusQueryStatus.NoData, Reason = $"0 requests for {what}" };
        }

        if (buckets.Status == PrometheusQueryStatus.NoData)
        {
            return m with { Reason = $"{n} requests but no latency buckets for {what}" };
        }

        var cumulative = Cumulative(buckets.Series);
        if (cumulative.IsEmpty || !double.IsPositiveInfinity(cumulative[^1].UpperBoundMs) || cumulative[^1].Count == 0)
        {
            return m with { Status = PrometheusQueryStatus.NoData, Reason = $"no latency samples (le=\"+Inf\") for {what}" };
        }

        // The error counter has a series per class only once that class happened: no series is 0 errors.
        var e = errors.Status == PrometheusQueryStatus.NoData ? 0 : Math.Min(Count(errors.Series[0].Last), n);
        var latency = cumulative.Select(b => (b.UpperBoundMs, b.Count)).ToArray();
        return m with
        {
            Status = PrometheusQueryStatus.Samples,
            Requests = n,
            Errors = e,
            Buckets = cumulative,
            ErrorRate = Proportion.Wilson(e, n, confidence),
            P50 = BucketQuantile.Of(latency, 0.50, confidence),
            P95 = BucketQuantile.Of(latency, 0.95, confidence),
            P99 = BucketQuantile.Of(latency, 0.99, confidence),
        };
    }

    /// <summary>
    /// The <c>le</c> series as ascending (bound in ms, whole count). Counts are made non-decreasing,
    /// as <c>histogram_quantile</c> does: each bucket's increase() is extrapolated on its own, so
    /// rounding can leave a bucket a request below the one before it.
    /// </summary>
    private static ImmutableArray<(double UpperBoundMs, long Count)> Cumulative(ImmutableArray<PrometheusSeries> series)
    {
        var rows = series
            .Where(s => s.Labels.ContainsKey("le"))
            .Select(s => (Bound: PrometheusEnvelope.ParseValue(s.Labels["le"]) * 1000, Count: Count(s.Last)))
            .OrderBy(r => r.Bound)
            .ToArray();
        for (var i = 1; i < rows.Length; i++)
        {
            rows[i].Count = Math.Max(rows[i].Count, rows[i - 1].Count);
        }

        return [.. rows];
    }

    private static long Count(double value) => double.IsFinite(value) && value > 0 ? (long)Math.Round(value, MidpointRounding.AwayFromZero) : 0;

    private static string ArmMatcher(TrafficArm arm) => $"arm=\"{TrafficArms.Name(arm)}\"";

    private static string Selector(string service, string version, string arm, string? selector) =>
        $"{{service=\"{Escape(service)}\",version=\"{Escape(version)}\",{arm}{(selector is null ? string.Empty : "," + selector)}}}";

    private static string Range(TimeSpan window) => ((long)Math.Round(window.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>A PromQL double-quoted string body: backslash, quote and line breaks escaped.</summary>
    private static string Escape(string value)
    {
        var b = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            b.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return b.ToString();
    }
}
