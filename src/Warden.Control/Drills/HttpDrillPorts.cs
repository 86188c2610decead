using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Warden.Drills;

/// <summary>
/// The drill's view of the running gateway (its admin API's <c>GET /admin/routes/{route}</c>) and of
/// the faulty build (its fault endpoint, and its Open Inference Protocol readiness check). Every
/// failure names the address and what to check.
/// </summary>
internal sealed class HttpDrillPorts(Uri admin, Uri faults, Uri candidate) : IDrillRoutes, IFaultyBuild, IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    /// <inheritdoc />
    public async ValueTask<DrillRouteView> ReadAsync(string route, CancellationToken cancellationToken)
    {
        var url = new Uri(admin, $"admin/routes/{Uri.EscapeDataString(route)}");
        string text;
        int status;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DrillStopped(
                $"cannot reach the gateway's admin API at {admin} ({Why(ex)}); is 'warden serve' running there? Pass --gateway URL (its gateway.admin.urls or --admin-urls).");
        }

        var node = status == 200 ? Parse(text)?["route"] : null;
        if (node?["production"] is not JsonValue production || !production.TryGetValue<string>(out var prod))
        {
            throw new DrillStopped(status == 404
                ? $"the gateway at {admin} has no route '{route}': {Error(text)}. Declare the drill copy in gateway.services of the server's warden.yaml (docs/drills.md) and restart it."
                : $"the gateway at {admin} answered GET {url.AbsolutePath} with {status}: {Error(text)}");
        }

        var health = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var backend in (node["backends"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (backend["version"] is JsonValue v && v.TryGetValue<string>(out var version) && backend["health"] is JsonValue h && h.TryGetValue<string>(out var state))
            {
                health[version] = state;
            }
        }

        return new DrillRouteView(prod, node["canary"] is JsonValue c && c.TryGetValue<string>(out var canary) ? canary : null, health);
    }

    /// <inheritdoc />
    public async ValueTask SetFaultsAsync(string body, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PutAsync(faults, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new DrillStopped($"the fault endpoint {faults} refused {body} with {(int)response.StatusCode}: {Error(text)}; drill.services.*.faults must be the faulty build's PUT /admin/faults (the reference model server's --admin-urls).");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DrillStopped($"cannot reach the fault endpoint {faults} ({Why(ex)}); is the faulty build running with its admin listener (the reference model server's --admin-urls)?");
        }
    }

    /// <inheritdoc />
    public async ValueTask CrashAsync(CancellationToken cancellationToken)
    {
        // The crash endpoint sits beside the fault endpoint on the build's admin listener.
        var crash = new Uri(faults, "crash");
        try
        {
            using var response = await _http.PostAsync(crash, null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new DrillStopped($"the crash endpoint {crash} answered {(int)response.StatusCode}: {Error(text)}; a crash drill needs the reference model server's POST /admin/crash beside drill.services.*.faults.");
            }
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new DrillStopped($"cannot reach the crash endpoint {crash} (connection refused); is the faulty build running with its admin listener?");
        }
        catch (HttpRequestException)
        {
            // Reset or cut after the request went out: the process died answering it, as asked.
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(candidate, "v2/health/ready"), cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Error(string text) =>
        Parse(text)?["error"] is JsonValue e && e.TryGetValue<string>(out var error) ? error : (text.Length > 200 ? text[..200] + "…" : text);

    private static string Why(Exception ex) => ex.InnerException is SocketException socket
        ? socket.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : socket.Message
        : ex is TaskCanceledException ? "no answer within 5 s" : ex.Message;
}
