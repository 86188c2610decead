using System.Net;

namespace Warden.Api;

/// <summary>
/// Whether <c>warden serve</c> may bind the admin listener (which carries <c>/api/v1</c> and
/// <c>/admin</c>, tokens included) where it is asked to: a loopback address always; any other
/// address (a wildcard, a host name, a routable IP) only with TLS (<c>api.tls</c>) or when the
/// operator says the network is guarded otherwise (<c>--insecure-bind</c>).
/// </summary>
internal static class AdminBindRule
{
    /// <summary>
    /// True when <paramref name="url"/> (<c>http://HOST:PORT</c>) listens on loopback only:
    /// 127.0.0.0/8, ::1 or <c>localhost</c>. A host name other than localhost can resolve anywhere, so it is not.
    /// </summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// The one-line refusal for the first admin address that is not loopback when neither TLS nor
    /// <c>--insecure-bind</c> is given, or null when the listener may bind.
    /// </summary>
    /// <param name="adminUrls">The admin listener's addresses.</param>
    /// <param name="setting">Where they came from: <c>--admin-urls</c> or <c>gateway.admin.urls</c>.</param>
    /// <param name="tls">Whether <c>api.tls</c> is configured.</param>
    /// <param name="insecureBind">Whether <c>--insecure-bind</c> was given.</param>
    public static string? Refusal(IReadOnlyList<string> adminUrls, string setting, bool tls, bool insecureBind)
    {
        ArgumentNullException.ThrowIfNull(adminUrls);
        if (tls || insecureBind || adminUrls.FirstOrDefault(u => !IsLoopback(u)) is not { } exposed)
        {
            return null;
        }

        return $"{setting}: refusing to serve the admin API (/api/v1, /admin) on {exposed}, not a loopback address, without TLS; " +
            "set api.tls.certificate and api.tls.key in warden.yaml (docs/api.md), or pass --insecure-bind if a TLS terminator or a private network guards that address.";
    }
}
