using Warden.Gateway.Hosting;

namespace Warden.Cli.Serve;

/// <summary>
/// The addresses of <c>warden serve</c>: <c>--urls</c> (traffic) and <c>--admin-urls</c> as written,
/// and the rule that the traffic addresses say what the listener speaks: <c>https://</c> with
/// <c>gateway.tls</c>, <c>http://</c> without it.
/// </summary>
internal static class ServeUrls
{
    /// <summary>The traffic addresses when <c>--urls</c> is not given: loopback port 8080, HTTPS with <c>gateway.tls</c>.</summary>
    public static string[] DefaultTraffic(bool tls) => [tls ? GatewayHostOptions.DefaultTlsUrl : GatewayHostOptions.DefaultUrl];

    /// <summary>
    /// The addresses in <paramref name="list"/> (separated by <c>;</c> or <c>,</c>): <c>http://HOST:PORT</c>,
    /// or <c>https://HOST:PORT</c> for <c>--urls</c>; anything else is a <see cref="UserInputException"/>.
    /// </summary>
    public static string[] Parse(string list, string option)
    {
        var traffic = option == "--urls";
        var example = traffic ? GatewayHostOptions.DefaultUrl : GatewayHostOptions.DefaultAdminUrl;
        var urls = list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new UserInputException($"{option}: no address given; e.g. {option} {example}");
        }

        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/"
                || !(uri.Scheme == Uri.UriSchemeHttp || traffic && uri.Scheme == Uri.UriSchemeHttps))
            {
                throw new UserInputException(traffic
                    ? $"{option}: '{url}' is not an http://HOST:PORT or https://HOST:PORT address; e.g. {option} {example} (https:// with gateway.tls in warden.yaml; see docs/gateway.md)."
                    : $"{option}: '{url}' is not an http://HOST:PORT address; e.g. {option} {example} (for HTTPS set api.tls in warden.yaml and keep the address http://HOST:PORT; see docs/api.md).");
            }
        }

        return urls;
    }

    /// <summary>
    /// The one-line refusal for the first traffic address whose scheme contradicts <c>gateway.tls</c>
    /// (an <c>http://</c> address with it, an <c>https://</c> one without it), or null when they agree.
    /// </summary>
    /// <param name="urls">The traffic addresses, each already <see cref="Parse"/>d.</param>
    /// <param name="tls">Whether warden.yaml sets <c>gateway.tls</c>.</param>
    public static string? TlsRefusal(IReadOnlyList<string> urls, bool tls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var rest = url[url.IndexOf("://", StringComparison.Ordinal)..];
            if (tls && !https)
            {
                return $"--urls: '{url}' is plain HTTP, but warden.yaml sets gateway.tls, so the traffic listener speaks HTTPS only; " +
                    $"write it https{rest}, or remove gateway.tls to serve plain HTTP.";
            }

            if (!tls && https)
            {
                return $"--urls: '{url}' asks for HTTPS, but warden.yaml has no gateway.tls; " +
                    $"set gateway.tls.certificate and gateway.tls.key (docs/gateway.md), or write it http{rest}.";
            }
        }

        return null;
    }
}
