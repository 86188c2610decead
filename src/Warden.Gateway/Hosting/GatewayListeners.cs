using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Warden.Gateway.Hosting;

/// <summary>
/// The gateway's two kinds of listener on one Kestrel server: traffic (<c>--urls</c>: services,
/// <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>; HTTP/1.1 and HTTP/2, over TLS with <c>gateway.tls</c>)
/// and admin (<c>gateway.admin.urls</c>: everything under <c>/admin</c>). Each admin connection is
/// marked when it is accepted, so a request's listener is known from the socket it came in on, never
/// from anything the client sends.
/// </summary>
internal sealed class GatewayListeners
{
    private readonly List<Bound> _traffic = [];
    private readonly List<Bound> _admin = [];

    /// <summary>The traffic addresses actually bound, with real ports (after start).</summary>
    public IReadOnlyList<string> Traffic => [.. _traffic.Select(b => b.Address)];

    /// <summary>The admin addresses actually bound, with real ports (after start).</summary>
    public IReadOnlyList<string> Admin => [.. _admin.Select(b => b.Address)];

    /// <summary>True when <paramref name="context"/> came in on an admin listener.</summary>
    public static bool IsAdmin(HttpContext context) => context.Features.Get<AdminConnection>() is not null;

    /// <summary>
    /// Adds a traffic listener for each of <paramref name="urls"/>. With <paramref name="certificate"/>, each
    /// is <c>https://HOST:PORT</c> and speaks HTTPS only, HTTP/2 negotiated by ALPN (<c>h2</c>) with HTTP/1.1
    /// as the fallback; without it, each is <c>http://HOST:PORT</c> and speaks HTTP/1.1, and HTTP/2 to a
    /// client that starts with its preface (h2c with prior knowledge, through <paramref name="h2c"/>).
    /// </summary>
    public void ListenTraffic(KestrelServerOptions kestrel, IReadOnlyList<string> urls, X509Certificate2? certificate, H2cConnections h2c)
    {
        foreach (var url in urls)
        {
            var address = BindingAddress.Parse(url);
            Listen(kestrel, address, options =>
            {
                _traffic.Add(new Bound(options, address.Host, certificate is null ? "http" : "https"));
                if (certificate is not null)
                {
                    options.Protocols = HttpProtocols.Http1AndHttp2;
                    options.UseHttps(certificate);
                }
                else
                {
                    // Kestrel picks HTTP/1.1 for every cleartext connection of an endpoint that allows both
                    // (and warns that HTTP/2 is off), so this listener is HTTP/1.1 to Kestrel and h2c
                    // connections are told apart and handed to HTTP/2 before it sees them.
                    options.Protocols = HttpProtocols.Http1;
                    options.Use(h2c.Route);
                }
            });
        }
    }

    /// <summary>
    /// Throws when a traffic address's scheme does not say what the listener speaks: <c>https://</c>
    /// needs the certificate, <c>http://</c> refuses it (<c>warden serve</c> says so first, naming its settings).
    /// </summary>
    /// <exception cref="ArgumentException">An address with the wrong scheme.</exception>
    public static void CheckTrafficSchemes(IReadOnlyList<string> urls, bool tls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var wrong = urls.FirstOrDefault(url => string.Equals(BindingAddress.Parse(url).Scheme, "https", StringComparison.OrdinalIgnoreCase) != tls);
        if (wrong is not null)
        {
            throw new ArgumentException(
                tls ? $"The traffic address {wrong} is not https:// but the traffic listener has a certificate; write it https://HOST:PORT."
                    : $"The traffic address {wrong} is https:// but the traffic listener has no certificate; give one, or write it http://HOST:PORT.",
                nameof(urls));
        }
    }

    /// <summary>
    /// Adds an admin listener for each of <paramref name="urls"/> (<c>http://HOST:PORT</c>), each connection
    /// marked admin; with <paramref name="certificate"/>, each speaks HTTPS only on that address.
    /// </summary>
    public void ListenAdmin(KestrelServerOptions kestrel, IReadOnlyList<string> urls, X509Certificate2? certificate)
    {
        foreach (var url in urls)
        {
            var address = BindingAddress.Parse(url);
            Listen(kestrel, address, options =>
            {
                _admin.Add(new Bound(options, address.Host, certificate is null ? "http" : "https"));
                if (certificate is not null)
                {
                    options.UseHttps(certificate);
                }

                options.Use(next => connection =>
                {
                    connection.Features.Set(AdminConnection.Instance);
                    return next(connection);
                });
            });
        }
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, Action<ListenOptions> configure)
    {
        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, configure);
        }
        else
        {
            // "*", "+" or a host name: every interface, as Kestrel does for such a URL.
            kestrel.ListenAnyIP(address.Port, configure);
        }
    }

    private sealed record Bound(ListenOptions Options, string Host, string Scheme)
    {
        // Kestrel writes the real port back into the options once bound (port 0 included).
        public string Address
        {
            get
            {
                var endpoint = Options.IPEndPoint;
                if (endpoint is null || string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase))
                {
                    return $"{Scheme}://localhost:{endpoint?.Port}";
                }

                var ip = endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
                return $"{Scheme}://{ip}:{endpoint.Port}";
            }
        }
    }

    /// <summary>The mark an admin connection carries.</summary>
    private sealed class AdminConnection
    {
        public static readonly AdminConnection Instance = new();
    }
}
