using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Warden.Gateway.Forwarding;

/// <summary>Copies a backend's response headers to the client's response, minus hop-by-hop ones.</summary>
internal static class ResponseHeaders
{
    public static void Copy(HttpResponseMessage source, HttpResponse target)
    {
        var headers = target.Headers;
        List<string>? tokens = null;
        if (source.Headers.NonValidated.TryGetValues("Connection", out var connection))
        {
            tokens = HeaderRules.ConnectionTokens(connection);
        }

        CopyAll(source.Headers.NonValidated, headers, tokens);
        CopyAll(source.Content.Headers.NonValidated, headers, tokens);
    }

    /// <summary>Copies a backend's trailers (gRPC's <c>grpc-status</c>, for one) to the client's response, which must support them.</summary>
    public static void CopyTrailers(HttpResponseHeaders trailers, HttpResponse target)
    {
        foreach (var (name, values) in trailers.NonValidated)
        {
            if (HeaderRules.IsHopByHop(name))
            {
                continue;
            }

            try
            {
                target.AppendTrailer(name, values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]));
            }
            catch (InvalidOperationException)
            {
                // A value Kestrel cannot send, as for headers above.
            }
        }
    }

    private static void CopyAll(HttpHeadersNonValidated source, IHeaderDictionary target, List<string>? tokens)
    {
        foreach (var (name, values) in source)
        {
            if (HeaderRules.IsHopByHop(name) || HeaderRules.Listed(tokens, name))
            {
                continue;
            }

            try
            {
                target[name] = values.Count == 1 ? new StringValues(values.ToString()) : new StringValues([.. values]);
            }
            catch (InvalidOperationException)
            {
                // Kestrel refuses values with characters outside printable ASCII; such a header
                // cannot be passed on, and failing the whole answer for it would be worse.
            }
        }
    }
}
