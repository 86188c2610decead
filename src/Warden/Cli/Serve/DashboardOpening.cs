using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Warden.Cli.Serve;

/// <summary>
/// <c>warden serve --open</c>: waits until the server answers its health check (the traffic
/// listener's <c>/healthz</c> and the dashboard page itself, both 200), then shows the dashboard with
/// an <see cref="IBrowserOpener"/>. A browser that cannot be started, or a check that does not pass in
/// time, is a warning in the log, never a failure of the server.
/// </summary>
internal static class DashboardOpening
{
    /// <summary>How long the health check may take before the dashboard is left unopened.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>The dashboard's address from the admin listener's first address: a wildcard host becomes the loopback one a browser can reach.</summary>
    public static Uri Url(IReadOnlyList<string> adminAddresses)
    {
        ArgumentNullException.ThrowIfNull(adminAddresses);
        var builder = new UriBuilder(adminAddresses[0]) { Path = "/" };
        builder.Host = builder.Host switch
        {
            "0.0.0.0" or "+" or "*" => "127.0.0.1",
            "[::]" or "::" => "[::1]",
            var host => host,
        };
        return builder.Uri;
    }

    /// <summary>Checks <paramref name="health"/> and <paramref name="dashboard"/> until both answer 200, then opens the dashboard.</summary>
    /// <returns>True when the opener started.</returns>
    public static async Task<bool> RunAsync(
        Uri dashboard, Uri health, HttpMessageHandler handler, IBrowserOpener opener, ILogger logger, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(opener);
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = time.GetUtcNow() + Patience;
        var last = "no answer yet";
        try
        {
            while (true)
            {
                var failing = await FailingAsync(http, health, cancellationToken).ConfigureAwait(false)
                    ?? await FailingAsync(http, dashboard, cancellationToken).ConfigureAwait(false);
                if (failing is null)
                {
                    break;
                }

                last = failing;
                if (time.GetUtcNow() >= deadline)
                {
                    ServeLog.DashboardNotOpened(logger, $"the health check did not pass within {Patience.TotalSeconds:0} s ({last})", dashboard.AbsoluteUri);
                    return false;
                }

                await Task.Delay(Pause, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server stops before it was healthy: nothing to open.
            return false;
        }

        if (opener.Open(dashboard) is { } problem)
        {
            ServeLog.DashboardNotOpened(logger, problem, dashboard.AbsoluteUri);
            return false;
        }

        ServeLog.DashboardOpened(logger, dashboard.AbsoluteUri, opener.Name);
        return true;
    }

    /// <summary>
    /// The handler for the health check: plain HTTP, or this server's own listeners over TLS, whose
    /// certificates it accepts by thumbprint (a self-signed certificate is still this server's).
    /// </summary>
    public static HttpMessageHandler Handler(params X509Certificate2?[] own)
    {
        var thumbprints = own.OfType<X509Certificate2>().Select(c => c.Thumbprint).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate is X509Certificate2 presented && thumbprints.Contains(presented.Thumbprint) },
        };
    }

    // Why a URL does not pass (its status or the error), or null when it answers 200.
    private static async Task<string?> FailingAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? null : $"{url.AbsoluteUri} answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            return $"{url.AbsoluteUri}: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{url.AbsoluteUri}: no answer within 2 s";
        }
    }
}
