using Warden.Core.Configuration;
using Warden.Core.Privacy;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.services</c> mapping: names chosen by the user, each with its backends and route.</summary>
internal static partial class GatewayConfigLoader
{
    private const string NameChars = ConfigName.Chars;
    private const string ServicesExpected = "a mapping of service names to { backends, production, shadow, canary, paths }, e.g. ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }";
    private const string UrlExpected = "an absolute http:// or https:// base address without query, e.g. http://127.0.0.1:8091/";
    private const string WeightExpected = "a percentage from 0 to 100 with at most two decimals, e.g. 5 or 12.5";

    private static IReadOnlyList<ServiceOptions> ReadServices(MappingReader gateway, ConfigErrorLog log, string? baseDirectory)
    {
        var field = gateway.FieldOf("services");
        switch (gateway.Node("services"))
        {
            case null:
                gateway.Missing("services", ServicesExpected);
                return [];
            case ConfigMapping { Entries.Count: 0 } empty:
                log.Add(empty, field, "no services are declared", ServicesExpected);
                return [];
            case ConfigMapping mapping:
                break;
            case var other:
                log.Add(other, field, $"{other.Describe()} is not a mapping", ServicesExpected);
                return [];
        }

        var services = new List<ServiceOptions>();
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in ((ConfigMapping)gateway.Node("services")!).Entries)
        {
            if (!TryName(keyNode, log, field, "service", out var name))
            {
                continue;
            }

            var serviceField = $"{field}.{name}";
            if (firstLine.TryGetValue(name, out var line))
            {
                log.Add(keyNode, serviceField, $"duplicate service '{name}' (first given on line {line})", "each service once; delete or rename one of them");
                continue;
            }

            firstLine.Add(name, keyNode.Line);
            if (ReservedNames.Contains(name))
            {
                log.Add(
                    keyNode,
                    serviceField,
                    $"'{name}' is reserved: the gateway answers /{name} itself",
                    $"a service name other than {string.Join(", ", ReservedNames.Order(StringComparer.Ordinal))}");
                continue;
            }

            if (value is not ConfigMapping serviceNode)
            {
                log.Add(value, serviceField, $"{value.Describe()} is not a mapping", $"a mapping with the keys {ServiceShape.KeyList}");
                continue;
            }

            // MappingReader builds readers only for fixed keys; a service sits under a name the
            // user chose, so it is read as a document of its own and its errors moved under
            // its full path.
            var scratch = new ConfigErrorLog(log.Source);
            var service = ReadService(name, MappingReader.Document(serviceNode, scratch, ServiceShape), scratch, baseDirectory);
            foreach (var error in scratch.InFileOrder())
            {
                log.Add(error.Line, error.Column, $"{serviceField}.{error.Field}", error.Problem, error.Expected);
            }

            if (service is not null)
            {
                services.Add(service);
            }
        }

        return services;
    }

    private static ServiceOptions? ReadService(string name, MappingReader m, ConfigErrorLog log, string? baseDirectory)
    {
        // Versions are known by name even when their address is bad, so a route naming one
        // does not get a second, misleading error.
        var declared = new List<string>();
        var backends = ReadBackends(m, log, declared);
        var known = declared.ToArray();
        var versionsExpected = known.Length == 0 ? "one of the service's backends" : $"one of the service's backends: {string.Join(", ", known)}";

        var production = ReadVersion(m, "production", name, known, null, required: true, versionsExpected);
        var shadow = ReadVersion(m, "shadow", name, known, production, required: false, $"{versionsExpected}, other than production; or remove the key");
        var (canary, basisPoints) = ReadCanary(m, name, known, production, versionsExpected);
        var paths = ReadPaths(m, "paths", PathAllowList.OpenInference);
        var labels = ReadComplianceLabels(m, baseDirectory);
        var protocol = m.Choice("protocol", "http1", ["http1", "http2"]) == "http2" ? BackendProtocol.Http2 : BackendProtocol.Http1;

        if (log.HasErrors || production is null)
        {
            return null;
        }

        BackendTarget Target(string version) => backends.First(b => b.Version == version);
        return new ServiceOptions
        {
            Name = name,
            Backends = backends,
            Paths = paths,
            Protocol = protocol,
            ComplianceLabels = labels,
            Route = new ServiceRoute
            {
                Service = name,
                Production = Target(production),
                Shadow = shadow is null ? null : Target(shadow),
                Canary = canary is null ? null : Target(canary),
                CanaryBasisPoints = canary is null ? 0 : basisPoints,
            },
        };
    }

    private static List<BackendTarget> ReadBackends(MappingReader m, ConfigErrorLog log, List<string> declared)
    {
        const string Expected = "a mapping of version names to base addresses, e.g. { v1: http://127.0.0.1:8091/, v2: http://127.0.0.1:8092/ }";
        var backends = new List<BackendTarget>();
        switch (m.Node("backends"))
        {
            case null:
                m.Missing("backends", Expected);
                return backends;
            case ConfigMapping { Entries.Count: 0 } empty:
                m.Error(empty, "backends", "no backends are declared", Expected);
                return backends;
            case ConfigMapping mapping:
                var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in mapping.Entries)
                {
                    if (!TryName(keyNode, log, "backends", "version", out var version))
                    {
                        continue;
                    }

                    var field = $"backends.{version}";
                    if (firstLine.TryGetValue(version, out var line))
                    {
                        log.Add(keyNode, field, $"duplicate version '{version}' (first given on line {line})", "each version once; delete or rename one of them");
                        continue;
                    }

                    firstLine.Add(version, keyNode.Line);
                    declared.Add(version);
                    if (ReadAddress(value, log, field) is { } address)
                    {
                        backends.Add(new BackendTarget(version, address));
                    }
                }

                return backends;
            case var other:
                m.Error(other, "backends", $"{other.Describe()} is not a mapping", Expected);
                return backends;
        }
    }

    private static Uri? ReadAddress(ConfigNode value, ConfigErrorLog log, string field)
    {
        if (value is not ConfigScalar { IsNull: false } scalar || scalar.Value.Length == 0)
        {
            log.Add(value, field, value is ConfigScalar ? "no address given" : $"{value.Describe()} is not an address", UrlExpected);
            return null;
        }

        if (!Uri.TryCreate(scalar.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            log.Add(scalar, field, $"{scalar.Describe()} is not an http:// or https:// address", UrlExpected);
            return null;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            // The message goes to standard error: the password or token it refuses is not repeated.
            log.Add(scalar, field, $"'{SensitiveFields.None.MaskUrl(scalar.Value)}' has a query, fragment or user name", UrlExpected);
            return null;
        }

        // A base address ends with '/', so the rest of the client's path is appended below it.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string? ReadVersion(MappingReader m, string key, string service, string[] known, string? production, bool required, string expected, string? role = null)
    {
        if (!required && m.Node(key) is ConfigScalar { IsNull: true })
        {
            return null;
        }

        var scalar = required ? m.RequiredText(key, expected) : m.Text(key, expected);
        if (scalar is null)
        {
            return null;
        }

        if (known.Length > 0 && RouteRules.CheckVersion(service, role ?? key, scalar.Value, known, production) is { } problem)
        {
            m.Error(scalar, key, problem, expected);
            return null;
        }

        return known.Length > 0 ? scalar.Value : null;
    }

    private static (string? Version, int BasisPoints) ReadCanary(MappingReader m, string service, string[] known, string? production, string versionsExpected)
    {
        if (m.Node("canary") is null or ConfigScalar { IsNull: true })
        {
            return (null, 0);
        }

        var canary = m.Section("canary", CanaryShape);
        var version = ReadVersion(canary, "version", service, known, production, required: true, $"{versionsExpected}, other than production", role: "canary");
        if (!canary.Has("weight"))
        {
            canary.Missing("weight", WeightExpected);
            return (version, 0);
        }

        var node = canary.Node("weight")!;
        var percent = canary.Number("weight", double.NaN, new NumberRange());
        if (double.IsNaN(percent))
        {
            return (version, 0);
        }

        if (!CanaryWeight.TryToBasisPoints(percent, out var basisPoints))
        {
            canary.Error(node, "weight", CanaryWeight.Problem(((ConfigScalar)node).Value), WeightExpected);
            return (version, 0);
        }

        return (version, basisPoints);
    }

    private static bool TryName(ConfigNode keyNode, ConfigErrorLog log, string field, string what, out string name)
    {
        name = string.Empty;
        if (keyNode is not ConfigScalar { IsNull: false } scalar || scalar.Value.Length == 0)
        {
            log.Add(keyNode, field, $"{keyNode.Describe()} is used as a {what} name", $"a {what} name of {NameChars}");
            return false;
        }

        if (!IsName(scalar.Value))
        {
            log.Add(scalar, $"{field}.{scalar.Value}", $"{what} name {scalar.Describe()} is not a plain path segment", $"a {what} name of {NameChars}, not starting with '.'");
            return false;
        }

        name = scalar.Value;
        return true;
    }

    /// <summary>True for a name that is one URL path segment as written: letters, digits, '.', '_', '-', not starting with '.'.</summary>
    internal static bool IsName(string value) => ConfigName.IsPathSegment(value);
}
