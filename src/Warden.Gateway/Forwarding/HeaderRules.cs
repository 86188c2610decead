using System.Collections.Frozen;

namespace Warden.Gateway.Forwarding;

/// <summary>Which headers a proxy must not pass on, and which belong to the body (HttpContent) rather than the message.</summary>
internal static class HeaderRules
{
    /// <summary>Header carrying the one-line reason of an answer the gateway made itself.</summary>
    public const string Reason = "X-Warden-Reason";

    /// <summary>Header naming the version that served (or should have served) the request.</summary>
    public const string Version = "X-Warden-Version";

    /// <summary>Header carrying the route table revision the request was routed by.</summary>
    public const string Revision = "X-Warden-Revision";

    // RFC 9110 §7.6.1 hop-by-hop headers, the Proxy-* family, and Expect: the gateway's own
    // Kestrel answers 100-continue to the client, and forwarding it would make the backend
    // call wait for a second 100 (up to a second when the backend never sends one).
    private static readonly FrozenSet<string> HopByHop = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Headers HttpClient accepts only on HttpContent.Headers.
    private static readonly FrozenSet<string> Content = new[]
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
        "Content-Location", "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True for a header that is not forwarded in either direction.</summary>
    public static bool IsHopByHop(string name) => HopByHop.Contains(name) || name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for a header that travels on the body.</summary>
    public static bool IsContentHeader(string name) => Content.Contains(name);

    /// <summary>
    /// The header names a Connection header lists (other than keep-alive, close and upgrade, which
    /// are options, not names); null when there are none, the usual case, so nothing is allocated.
    /// </summary>
    public static List<string>? ConnectionTokens(IEnumerable<string?> values)
    {
        List<string>? tokens = null;
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan()[range].Trim();
                if (token.Length == 0
                    || token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    || token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    || token.Equals("upgrade", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                (tokens ??= []).Add(token.ToString());
            }
        }

        return tokens;
    }

    /// <summary>True when <paramref name="name"/> is one of <paramref name="tokens"/>.</summary>
    public static bool Listed(List<string>? tokens, string name)
    {
        if (tokens is null)
        {
            return false;
        }

        foreach (var token in tokens)
        {
            if (string.Equals(token, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="text"/> made safe for a header value: printable ASCII only (Kestrel
    /// refuses anything else), other characters as '?', cut at 300 characters.
    /// </summary>
    public static string Ascii(string text)
    {
        const int Limit = 300;
        var clean = true;
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                clean = false;
                break;
            }
        }

        if (clean && text.Length <= Limit)
        {
            return text;
        }

        var length = Math.Min(text.Length, Limit);
        return string.Create(length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = c is < ' ' or > '~' ? '?' : c;
            }
        });
    }
}
