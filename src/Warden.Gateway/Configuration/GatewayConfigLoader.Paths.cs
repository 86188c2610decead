using Warden.Core.Configuration;
using Warden.Gateway.Forwarding;

namespace Warden.Gateway.Configuration;

/// <summary>
/// The lists of the gateway section: path allow-lists (<c>gateway.services.NAME.paths</c>,
/// <c>gateway.shadow.paths</c>), the mirrored methods and the admin API's allowed hosts.
/// </summary>
internal static partial class GatewayConfigLoader
{
    private const string MethodExpected = "an HTTP method in capitals, e.g. POST";

    /// <summary>The patterns under <paramref name="key"/>, <paramref name="fallback"/> when absent, each bad one reported where it stands.</summary>
    private static PathAllowList ReadPaths(MappingReader m, string key, PathAllowList fallback)
    {
        var items = ReadList(m, key, $"a list of path patterns, each {PathPattern.Expected} (default: {fallback.Text})");
        if (items is null)
        {
            return fallback;
        }

        var patterns = new List<PathPattern>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (PathPattern.TryParse(item.Value, out var problem) is { } pattern)
            {
                patterns.Add(pattern);
            }
            else
            {
                m.Error(item, $"{key}[{i}]", $"path pattern {item.Describe()} {problem}", PathPattern.Expected);
            }
        }

        return patterns.Count == items.Count ? new PathAllowList(patterns) : fallback;
    }

    private static IReadOnlyList<string> ReadMethods(MappingReader m, string key, IReadOnlyList<string> fallback)
    {
        var items = ReadList(m, key, $"a list of HTTP methods, e.g. [POST] (default: [{string.Join(", ", fallback)}])");
        if (items is null)
        {
            return fallback;
        }

        var methods = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Value.Length > 0 && item.Value.All(char.IsAsciiLetterUpper))
            {
                methods.Add(item.Value);
            }
            else
            {
                m.Error(item, $"{key}[{i}]", $"{item.Describe()} is not an HTTP method in capitals", MethodExpected);
            }
        }

        return methods.Count == items.Count ? methods : fallback;
    }

    private static AdminOptions ReadAdmin(MappingReader m, AdminOptions d) => new()
    {
        Urls = ReadAdminUrls(m, d.Urls),
        AllowedHosts = ReadAllowedHosts(m),
    };

    // The admin API's listeners: http://HOST:PORT, as --urls takes them.
    private static IReadOnlyList<string> ReadAdminUrls(MappingReader m, IReadOnlyList<string> defaults)
    {
        const string Expected = "an http://HOST:PORT address, e.g. http://127.0.0.1:8079 (loopback unless the admin API is guarded otherwise)";
        var items = ReadList(m, "urls", $"a list of addresses, each {Expected} (default: [{string.Join(", ", defaults)}])");
        if (items is null)
        {
            return defaults;
        }

        var urls = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (Uri.TryCreate(item.Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.AbsolutePath == "/"
                && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0)
            {
                urls.Add(item.Value.TrimEnd('/'));
            }
            else
            {
                m.Error(item, $"urls[{i}]", $"{item.Describe()} is not an http://HOST:PORT address", Expected);
            }
        }

        return urls;
    }

    private static IReadOnlyList<string> ReadAllowedHosts(MappingReader m)
    {
        const string Expected = "a host name or address, optionally with :port, e.g. gateway.internal or 10.0.0.5:8080";
        var items = ReadList(m, "allowed_hosts", $"a list of host names, each {Expected} (default: none; the listener's own address is always allowed)");
        if (items is null)
        {
            return [];
        }

        var hosts = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (Uri.TryCreate($"http://{item.Value}/", UriKind.Absolute, out var uri)
                && uri.AbsolutePath == "/" && uri.UserInfo.Length == 0 && uri.Query.Length == 0
                && item.Value.IndexOfAny(['/', '@', '?', '#', '*']) < 0)
            {
                hosts.Add(item.Value.ToLowerInvariant());
            }
            else
            {
                m.Error(item, $"allowed_hosts[{i}]", $"{item.Describe()} is not a host name or host:port", Expected);
            }
        }

        return hosts;
    }

    // The scalars of a non-empty list under key; null (and the error reported) when absent or bad.
    private static List<ConfigScalar>? ReadList(MappingReader m, string key, string expected)
    {
        switch (m.Node(key))
        {
            case null:
                return null;
            case ConfigSequence { Items.Count: 0 } empty:
                m.Error(empty, key, "the list is empty, so nothing would be let through", expected);
                return null;
            case ConfigSequence sequence:
                var items = new List<ConfigScalar>();
                var good = true;
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (sequence.Items[i] is ConfigScalar { IsNull: false, Value.Length: > 0 } scalar)
                    {
                        items.Add(scalar);
                    }
                    else
                    {
                        m.Error(sequence.Items[i], $"{key}[{i}]", $"{sequence.Items[i].Describe()} is not a single value", expected);
                        good = false;
                    }
                }

                return good ? items : null;
            case var other:
                m.Error(other, key, $"{other.Describe()} is not a list", expected);
                return null;
        }
    }
}
