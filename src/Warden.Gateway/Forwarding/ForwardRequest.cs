using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Warden.Gateway.Forwarding;

/// <summary>Builds the request sent to a backend from the client's: target, method, headers, X-Forwarded-*.</summary>
internal static class ForwardRequest
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";

    /// <summary>
    /// The backend address for this request: the backend's base address, then everything after
    /// <c>/{service}</c> in the request target exactly as the client wrote it (still percent-encoded),
    /// query included.
    /// </summary>
    /// <param name="context">The client's request.</param>
    /// <param name="baseAddress">The backend's base address, without a trailing slash.</param>
    /// <param name="service">The service the request was routed to.</param>
    /// <param name="prefixed">
    /// False for a gRPC call routed by its <c>warden-service</c> header: its path has no service
    /// segment and goes to the backend whole, as gRPC paths must.
    /// </param>
    public static string TargetUri(HttpContext context, string baseAddress, string service, bool prefixed = true)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        ReadOnlySpan<char> rest;
        if (!prefixed)
        {
            rest = raw is not null && raw.StartsWith('/') ? raw : string.Concat(context.Request.Path.ToUriComponent(), context.Request.QueryString.Value);
        }
        else if (raw is not null
            && raw.Length > service.Length
            && raw[0] == '/'
            && raw.AsSpan(1, service.Length).SequenceEqual(service)
            && (raw.Length == service.Length + 1 || raw[service.Length + 1] is '/' or '?'))
        {
            rest = raw.AsSpan(service.Length + 1);
        }
        else
        {
            // The service segment was percent-encoded, or the target was in absolute form: rebuild
            // from the decoded path, encoding it again.
            var path = context.Request.Path.Value ?? "/";
            var after = path.Length > service.Length + 1 ? path[(service.Length + 1)..] : string.Empty;
            rest = string.Concat(new PathString(after.Length == 0 ? string.Empty : after).ToUriComponent(), context.Request.QueryString.Value);
        }

        return rest.Length == 0 || rest[0] == '?'
            ? string.Concat(baseAddress, "/", rest)
            : string.Concat(baseAddress, rest);
    }

    /// <summary>
    /// The request message: the client's method and end-to-end headers (hop-by-hop ones and
    /// those its Connection header names are dropped; Host becomes the backend's), plus
    /// X-Forwarded-For (appended), X-Forwarded-Proto and X-Forwarded-Host.
    /// </summary>
    /// <param name="context">The client's request.</param>
    /// <param name="targetUri">Where it goes (<see cref="TargetUri"/>).</param>
    /// <param name="content">The body to send, or null.</param>
    /// <param name="http2">
    /// Speak HTTP/2 only (<c>protocol: http2</c>): with prior knowledge on http://, by ALPN on
    /// https://. <c>TE: trailers</c>, which a gRPC server requires, then goes through.
    /// </param>
    public static HttpRequestMessage Create(HttpContext context, string targetUri, HttpContent? content, bool http2 = false)
    {
        var client = context.Request;
        var message = new HttpRequestMessage(HttpMethod.Parse(client.Method), new Uri(targetUri, UriKind.Absolute))
        {
            Version = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
            Content = content,
        };

        var headers = client.Headers;
        var connectionTokens = headers.Connection.Count == 0 ? null : HeaderRules.ConnectionTokens(headers.Connection);
        var forwardedFor = StringValues.Empty;
        foreach (var (name, value) in headers)
        {
            if (HeaderRules.IsHopByHop(name)
                || string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase)
                || HeaderRules.Listed(connectionTokens, name))
            {
                continue;
            }

            if (string.Equals(name, ForwardedFor, StringComparison.OrdinalIgnoreCase))
            {
                forwardedFor = value;
                continue;
            }

            if (string.Equals(name, ForwardedProto, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, ForwardedHost, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (HeaderRules.IsContentHeader(name))
            {
                // Content-Length is set from the content itself; other body headers go with the
                // body, and are dropped when there is none (a GET with Content-Type).
                if (content is not null && !string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    Add(content.Headers, name, value);
                }

                continue;
            }

            Add(message.Headers, name, value);
        }

        // TE is hop-by-hop, but "trailers" in it says the client takes trailers (gRPC's status
        // arrives in them); HTTP/2 allows that one value and a gRPC server refuses a call without it.
        if (http2 && headers.TryGetValue("TE", out var te) && te.ToString().Contains("trailers", StringComparison.OrdinalIgnoreCase))
        {
            message.Headers.TryAddWithoutValidation("TE", "trailers");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        message.Headers.TryAddWithoutValidation(
            ForwardedFor,
            forwardedFor.Count == 0 ? address : string.Concat(string.Join(", ", forwardedFor.ToArray()), ", ", address));
        message.Headers.TryAddWithoutValidation(ForwardedProto, client.Scheme);
        if (client.Host.HasValue)
        {
            message.Headers.TryAddWithoutValidation(ForwardedHost, client.Host.Value);
        }

        return message;
    }

    private static void Add(System.Net.Http.Headers.HttpHeaders target, string name, StringValues value)
    {
        if (value.Count == 1)
        {
            target.TryAddWithoutValidation(name, value.ToString());
        }
        else
        {
            target.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        }
    }
}
