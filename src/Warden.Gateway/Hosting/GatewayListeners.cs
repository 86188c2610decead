using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Warden.Gateway.Hosting;

/// <summary>
/// The gateway's two kinds of listener on one Kestrel server: traffic (<c>--urls</c>: services,
/// <c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>) and admin (<c>gateway.admin.urls</c>: everything
/// under <c>/admin</c>). Each admin connection is marked when it is accepted, so a request's
/// listener is known from the socket it came in on, never from anything the client sends.
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
    /// Adds a Kestrel listener for each of <paramref name="urls"/> (<c>http://HOST:PORT</c>), marked
    /// admin or not; with <paramref name="certificate"/>, each speaks HTTPS only on that address.
    /// </summary>
    public void Listen(KestrelServerOptions kestrel, IReadOnlyList<string> urls, bool admin, X509Certificate2? certificate = null)
    {
        foreach (var url in urls)
        {
            var address = BindingAddress.Parse(url);
            var list = admin ? _admin : _traffic;
            void Configure(ListenOptions options)
            {
                list.Add(new Bound(options, address.Host, certificate is null ? "http" : "https"));
                if (certificate is not null)
                {
                    options.UseHttps(certificate);
                }

                if (admin)
                {
                    options.Use(next => connection =>
                    {
                        connection.Features.Set(AdminConnection.Instance);
                        return next(connection);
                    });
                }
            }

            if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(address.Port, Configure);
            }
            else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
            {
                kestrel.Listen(ip, address.Port, Configure);
            }
            else
            {
                // "*", "+" or a host name: every interface, as Kestrel does for such a URL.
                kestrel.ListenAnyIP(address.Port, Configure);
            }
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
