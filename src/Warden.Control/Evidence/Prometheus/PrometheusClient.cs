using System.Globalization;
using System.Net.Sockets;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// Asks a Prometheus server's HTTP API for instant (<c>/api/v1/query</c>) and range
/// (<c>/api/v1/query_range</c>) results. A failed query is a recorded result, not an exception:
/// a server that is down, slow, answers garbage or refuses the query gives an errored
/// <see cref="PrometheusQueryResult"/> whose reason names the URL and the cause. Only the
/// caller's own cancellation throws.
/// </summary>
internal sealed class PrometheusClient
{
    private readonly HttpMessageInvoker _http;
    private readonly Uri _baseAddress;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <summary>Creates a client over <paramref name="http"/> (not owned) for the server at <paramref name="baseAddress"/>.</summary>
    /// <param name="http">Sends the requests; an <see cref="HttpClient"/> or a bare handler.</param>
    /// <param name="baseAddress">The server's root, e.g. <c>http://127.0.0.1:9090</c> (a path prefix is kept).</param>
    /// <param name="timeout">How long one query may take before it is an errored result.</param>
    /// <param name="time">Clock of the timeout.</param>
    public PrometheusClient(HttpMessageInvoker http, Uri baseAddress, TimeSpan timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _http = http;
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _timeout = timeout;
        _time = time;
    }

    /// <summary>The server's root as given, for messages.</summary>
    public Uri BaseAddress => _baseAddress;

    /// <summary>Evaluates <paramref name="promql"/> at the instant <paramref name="at"/>.</summary>
    public Task<PrometheusQueryResult> QueryAsync(string promql, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(promql);
        var parameters = $"query={Uri.EscapeDataString(promql)}&time={Unix(at)}";
        return SendAsync("api/v1/query", parameters, promql, PrometheusProvenance.Of(promql, at), cancellationToken);
    }

    /// <summary>Evaluates <paramref name="promql"/> every <paramref name="step"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public Task<PrometheusQueryResult> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(promql);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var parameters = $"query={Uri.EscapeDataString(promql)}&start={Unix(start)}&end={Unix(end)}&step={step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}";
        return SendAsync("api/v1/query_range", parameters, promql, PrometheusProvenance.Of(promql, start, end), cancellationToken);
    }

    private async Task<PrometheusQueryResult> SendAsync(string path, string parameters, string promql, string provenance, CancellationToken cancellationToken)
    {
        var endpoint = new Uri(_baseAddress, path);
        var errored = new PrometheusQueryResult { Status = PrometheusQueryStatus.Errored, Query = promql, Provenance = provenance };
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint + "?" + parameters));
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            return PrometheusEnvelope.Parse(endpoint.AbsoluteUri, (int)response.StatusCode, body, promql, provenance);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return errored with { Reason = $"Prometheus at {endpoint.AbsoluteUri} did not answer within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" };
        }
        catch (HttpRequestException e)
        {
            // The socket's own words ("Connection refused") say more than HttpClient's wrapper.
            var cause = e.InnerException is SocketException socket ? socket.Message : e.Message;
            return errored with { Reason = $"Prometheus at {endpoint.AbsoluteUri} unreachable: {cause.ReplaceLineEndings(" ")}" };
        }
        catch (IOException e)
        {
            // The connection broke while the body was read.
            return errored with { Reason = $"Prometheus at {endpoint.AbsoluteUri} unreachable: {e.Message.ReplaceLineEndings(" ")}" };
        }
    }

    private static string Unix(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
