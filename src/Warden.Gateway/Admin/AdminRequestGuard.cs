using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Warden.Gateway.Admin;

/// <summary>
/// Decides whether a request may reach the admin API. The API has no authentication, so a
/// browser must never be its client: a page on any site could otherwise call it through DNS
/// rebinding (a name of the attacker's that resolves to 127.0.0.1; the browser then sends that
/// name as Host) or a cross-origin request. A request passes only when its Host is one of the
/// gateway's own addresses, and it carries no sign of another origin (Origin, Sec-Fetch-Site).
/// Stateless apart from the allowed set, so any listener can use it.
/// </summary>
internal sealed class AdminRequestGuard
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    private readonly IReadOnlyList<string> _configuredUrls;
    private readonly Func<IReadOnlyCollection<string>> _boundAddresses;
    private readonly HashSet<string> _anyPort;
    private readonly HashSet<string> _hostPorts;
    private Allowed? _allowed;

    /// <param name="configuredUrls">The listener's addresses as configured (<c>--urls</c>).</param>
    /// <param name="allowedHosts">Further names clients use (<c>gateway.admin.allowed_hosts</c>): <c>host</c> for any port, or <c>host:port</c>.</param>
    /// <param name="boundAddresses">The addresses actually bound, with real ports (read once, on the first request).</param>
    public AdminRequestGuard(IReadOnlyList<string> configuredUrls, IReadOnlyList<string> allowedHosts, Func<IReadOnlyCollection<string>> boundAddresses)
    {
        ArgumentNullException.ThrowIfNull(configuredUrls);
        ArgumentNullException.ThrowIfNull(allowedHosts);
        ArgumentNullException.ThrowIfNull(boundAddresses);
        _configuredUrls = configuredUrls;
        _boundAddresses = boundAddresses;
        _anyPort = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        _hostPorts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in allowedHosts)
        {
            if (entry.Contains(':', StringComparison.Ordinal) && !entry.EndsWith(']'))
            {
                _hostPorts.Add(entry);
            }
            else
            {
                _anyPort.Add(entry);
            }
        }
    }

    /// <summary>Why <paramref name="request"/> must not reach the admin API, or null when it may.</summary>
    public string? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = AllowedSet();
        var host = request.Host;
        if (!host.HasValue || !IsAllowed(allowed, host.Host, host.Port ?? (request.IsHttps ? 443 : 80)))
        {
            var shown = host.HasValue ? host.Value : "(none)";
            return $"admin request refused: Host '{shown}' is not an address of this gateway ({allowed.Text}); call it by one of those, or add the name to gateway.admin.allowed_hosts";
        }

        var origin = request.Headers.Origin;
        if (!StringValues.IsNullOrEmpty(origin))
        {
            var text = origin.ToString();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !IsAllowed(allowed, uri.Host, uri.Port))
            {
                return $"admin request refused: cross-origin request from Origin '{text}'; the admin API takes no requests from web pages of other origins";
            }
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"admin request refused: Sec-Fetch-Site is {site}; the admin API takes no requests from web pages of other origins";
        }

        return null;
    }

    private bool IsAllowed(Allowed allowed, string host, int port)
    {
        var name = NormaliseHost(host);
        return _anyPort.Contains(name) || allowed.HostPorts.Contains($"{name}:{port}");
    }

    private Allowed AllowedSet()
    {
        if (Volatile.Read(ref _allowed) is { } cached)
        {
            return cached;
        }

        var hostPorts = new List<string>();
        void Add(string host, int port)
        {
            var entry = $"{NormaliseHost(host)}:{port}";
            if (!hostPorts.Contains(entry, StringComparer.OrdinalIgnoreCase))
            {
                hostPorts.Add(entry);
            }
        }

        var bound = _boundAddresses();
        foreach (var address in _configuredUrls.Concat(bound))
        {
            if (!TryHostPort(address, out var host, out var port) || port == 0)
            {
                continue;
            }

            if (!IsWildcard(host))
            {
                Add(host, port);
            }

            // A loopback listener is reached by any loopback name; a wildcard one by them too.
            if (IsWildcard(host) || IsLoopback(host))
            {
                foreach (var name in LoopbackNames)
                {
                    Add(name, port);
                }
            }
        }

        foreach (var entry in _hostPorts)
        {
            hostPorts.Add(entry.ToLowerInvariant());
        }

        var allowed = new Allowed(
            new HashSet<string>(hostPorts, StringComparer.OrdinalIgnoreCase),
            string.Join(", ", hostPorts.Concat(_anyPort)));

        // Until Kestrel has bound, the real port of a port-0 listener is unknown: do not cache.
        if (bound.Count > 0)
        {
            Volatile.Write(ref _allowed, allowed);
        }

        return allowed;
    }

    // "http://host:port" as configured or bound; "*" and "+" are Kestrel's wildcards.
    private static bool TryHostPort(string url, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        var rest = url.AsSpan();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            rest = rest[(scheme + 3)..];
        }

        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            rest = rest[..slash];
        }

        var colon = rest.LastIndexOf(':');
        if (colon < 0 || rest.EndsWith("]"))
        {
            host = rest.ToString();
            port = 80;
            return host.Length > 0;
        }

        host = rest[..colon].ToString();
        return host.Length > 0 && int.TryParse(rest[(colon + 1)..], out port);
    }

    private static string NormaliseHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();

        // Uri and HostString keep IPv6 in brackets; an address written without them gets them.
        return name.Contains(':', StringComparison.Ordinal) && !name.StartsWith('[') ? $"[{name}]" : name;
    }

    private static bool IsWildcard(string host) =>
        host is "*" or "+" or "0.0.0.0" or "[::]" or "::";

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private sealed record Allowed(HashSet<string> HostPorts, string Text);
}
