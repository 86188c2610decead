using System.Collections.Frozen;
using Warden.Core.Configuration;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Configuration;

/// <summary>
/// Loads the <c>gateway:</c> section of <c>warden.yaml</c> into <see cref="GatewayOptions"/>,
/// with the same walker and the same error style as the policy section: every error collected
/// with file:line:column, unknown keys with the closest known one, and the fix.
/// </summary>
internal static partial class GatewayConfigLoader
{
    /// <summary>First path segments the gateway answers itself; no service may be named like them.</summary>
    public static readonly FrozenSet<string> ReservedNames =
        new[] { "metrics", "healthz", "readyz", "admin" }.ToFrozenSet(StringComparer.Ordinal);

    // The fixed key lists of the section, by dotted path; the schema-drift test (in Warden.Tests,
    // which sees every registered section) compares them with docs/warden.schema.json. The
    // per-service shapes below sit under names the user chooses, so the schema describes them as
    // additionalProperties and a test compares them with it.
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["gateway"] = ["sticky_header", "max_body_bytes", "forwarder", "timeouts", "shadow", "health", "admin", "tls", "telemetry", "services"],
            ["gateway.timeouts"] = ["connect_ms", "request_ms"],
            ["gateway.shadow"] = ["max_concurrency", "timeout_ms", "methods", "paths"],
            ["gateway.health"] = ["interval_ms", "failures_to_mark_down", "path"],
            ["gateway.admin"] = ["urls", "allowed_hosts"],
            ["gateway.tls"] = ["certificate", "key"],
            ["gateway.telemetry"] = ["ring_minutes", "request_log", "sample_rate", "shadow_log", "redact"],
        };

    /// <summary>The <c>gateway:</c> section as a reader of the one <c>warden.yaml</c> loader.</summary>
    internal static IConfigSection Section { get; } = new GatewaySection();

    private static readonly MappingShape TimeoutsShape = Shape("gateway.timeouts");
    private static readonly MappingShape ShadowShape = Shape("gateway.shadow");
    private static readonly MappingShape HealthShape = Shape("gateway.health");
    private static readonly MappingShape TelemetryShape = Shape("gateway.telemetry");
    private static readonly MappingShape AdminShape = Shape("gateway.admin");
    private static readonly MappingShape TlsShape = Shape("gateway.tls");

    /// <summary>Keys of one service under <c>gateway.services</c>.</summary>
    internal static readonly MappingShape ServiceShape = new(["backends", "production", "shadow", "canary", "paths", "protocol", "compliance_labels"]);

    /// <summary>Keys of a service's <c>canary</c>.</summary>
    internal static readonly MappingShape CanaryShape = new(["version", "weight"]);

    /// <summary>The keys of <see cref="ServiceShape"/> (for the schema test, which cannot see the core's types).</summary>
    internal static IReadOnlyList<string> ServiceKeys => ServiceShape.Keys;

    /// <summary>The keys of <see cref="CanaryShape"/>.</summary>
    internal static IReadOnlyList<string> CanaryKeys => CanaryShape.Keys;

    private const string GatewayExpected = "a gateway: section with at least gateway.services (see docs/gateway.md)";

    /// <summary>
    /// Reads a file with a <c>gateway:</c> section only (tests and tools); <c>warden serve</c>
    /// reads the whole <c>warden.yaml</c> through <see cref="ConfigFileLoader"/> with every section.
    /// </summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="source">The path as the user gave it, for messages.</param>
    /// <param name="baseDirectory">Folder relative log paths are resolved against; null keeps them as written.</param>
    public static GatewayLoadResult Load(TextReader yaml, string source, string? baseDirectory = null)
    {
        var file = ConfigFileLoader.Load(yaml, new ConfigContext(source, baseDirectory), [Section], "gateway");
        return file.Errors.Count > 0
            ? new GatewayLoadResult { Errors = file.Errors }
            : new GatewayLoadResult { Options = file.Get<GatewayOptions>(Section), Errors = [] };
    }

    /// <summary>Reads a file with a <c>gateway:</c> section only; relative log paths resolve against its folder.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GatewayLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Load(reader, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    private static GatewayOptions Read(MappingReader gateway, ConfigContext context)
    {
        var log = gateway.Log;
        var baseDirectory = context.BaseDirectory;
        var d = new GatewayOptions { Services = [] };

        var stickyHeader = ReadStickyHeader(gateway, d.StickyHeader);
        var maxBody = gateway.WholeNumber("max_body_bytes", d.MaxBodyBytes, NumberRange.WholeFrom(1, 1L << 30));
        var forwarder = gateway.Choice("forwarder", d.Forwarder, GatewayOptions.Forwarders);
        var timeouts = gateway.Section("timeouts", TimeoutsShape);
        var shadow = gateway.Section("shadow", ShadowShape);
        var health = gateway.Section("health", HealthShape);
        var options = new GatewayOptions
        {
            StickyHeader = stickyHeader,
            MaxBodyBytes = maxBody,
            Forwarder = forwarder,
            Timeouts = new TimeoutOptions
            {
                ConnectMs = timeouts.Int32("connect_ms", d.Timeouts.ConnectMs, NumberRange.WholeFrom(1, 600_000)),
                RequestMs = timeouts.Int32("request_ms", d.Timeouts.RequestMs, NumberRange.WholeFrom(1, 3_600_000)),
            },
            Shadow = new ShadowOptions
            {
                MaxConcurrency = shadow.Int32("max_concurrency", d.Shadow.MaxConcurrency, NumberRange.WholeFrom(1, 100_000)),
                TimeoutMs = shadow.Int32("timeout_ms", d.Shadow.TimeoutMs, NumberRange.WholeFrom(1, 3_600_000)),
                Methods = ReadMethods(shadow, "methods", d.Shadow.Methods),
                Paths = ReadPaths(shadow, "paths", d.Shadow.Paths),
            },
            Health = new HealthOptions
            {
                IntervalMs = health.Int32("interval_ms", d.Health.IntervalMs, NumberRange.WholeFrom(100, 3_600_000)),
                FailuresToMarkDown = health.Int32("failures_to_mark_down", d.Health.FailuresToMarkDown, NumberRange.WholeFrom(1, 1000)),
                Path = ReadHealthPath(health, d.Health.Path),
            },
            Admin = ReadAdmin(gateway.Section("admin", AdminShape), d.Admin),
            Tls = ReadTls(gateway.Section("tls", TlsShape), context),
            Telemetry = ReadTelemetry(gateway.Section("telemetry", TelemetryShape), d.Telemetry, baseDirectory),
            Services = ReadServices(gateway, log, baseDirectory),
        };

        return options;
    }

    private static string ReadStickyHeader(MappingReader m, string fallback)
    {
        const string Expected = "an HTTP header name such as X-Warden-Key (letters, digits and - only)";
        if (m.Text("sticky_header", $"{Expected} (default {GatewayOptions.DefaultStickyHeader})") is not { } scalar)
        {
            return fallback;
        }

        foreach (var c in scalar.Value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                m.Error(scalar, "sticky_header", $"{scalar.Describe()} has '{c}', which a header name cannot hold", Expected);
                return fallback;
            }
        }

        return scalar.Value;
    }

    private static string ReadHealthPath(MappingReader m, string fallback)
    {
        var expected = $"an absolute path starting with /, such as {HealthOptions.DefaultPath} (default {fallback})";
        if (m.Text("path", expected) is not { } scalar)
        {
            return fallback;
        }

        if (!scalar.Value.StartsWith('/') || scalar.Value.Contains('?') || scalar.Value.Contains('#') || scalar.Value.Contains(' '))
        {
            m.Error(scalar, "path", $"{scalar.Describe()} is not an absolute path without query", expected);
            return fallback;
        }

        return scalar.Value;
    }

    private static TelemetryOptions ReadTelemetry(MappingReader m, TelemetryOptions d, string? baseDirectory)
    {
        var requestLog = ReadPath(m, "request_log", baseDirectory);
        var shadowLog = ReadPath(m, "shadow_log", baseDirectory);

        // Two writers appending to one file would interleave two formats line by line.
        if (requestLog is not null && shadowLog is not null
            && string.Equals(Path.GetFullPath(requestLog), Path.GetFullPath(shadowLog), StringComparison.Ordinal))
        {
            var node = (ConfigScalar)m.Node("shadow_log")!;
            m.Error(node, "shadow_log", $"{node.Describe()} is the same file as request_log ({Path.GetFullPath(requestLog)})", "a file of its own, e.g. logs/shadow.jsonl beside logs/requests.jsonl");
            shadowLog = null;
        }

        return new TelemetryOptions
        {
            RingMinutes = m.Int32("ring_minutes", d.RingMinutes, NumberRange.WholeFrom(1, 1440)),
            RequestLogPath = requestLog,
            SampleRate = m.Number("sample_rate", d.SampleRate, new NumberRange { Min = 0, Max = 1 }),
            ShadowLogPath = shadowLog,
            Redact = ReadRedact(m),
        };
    }

    private static IReadOnlyList<string> ReadRedact(MappingReader m)
    {
        const string NameExpected = "a field name of letters, digits, '_', '-' and '.', e.g. user_id";
        if (m.Node("redact") is ConfigSequence { Items.Count: 0 })
        {
            return [];
        }

        var items = ReadList(m, "redact", "a list of field names whose values are masked, e.g. [key, user_id, email] (default: none)");
        if (items is null)
        {
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                names.Add(item.Value);
            }
            else
            {
                m.Error(item, $"redact[{i}]", $"{item.Describe()} is not a field name", NameExpected);
            }
        }

        return names;
    }

    private static string? ReadPath(MappingReader m, string key, string? baseDirectory)
    {
        const string Expected = "a file path, relative to warden.yaml's folder or absolute (default: none)";
        var scalar = m.Text(key, Expected);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.Value.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || scalar.Value.EndsWith('/'))
        {
            m.Error(scalar, key, $"{scalar.Describe()} is not a file path", Expected);
            return null;
        }

        var path = baseDirectory is null || Path.IsPathRooted(scalar.Value)
            ? scalar.Value
            : Path.GetFullPath(Path.Combine(baseDirectory, scalar.Value));

        // Checked at start, where it can be fixed: a log whose folder is missing would lose
        // every record while the gateway looked healthy.
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            m.Error(scalar, key, $"the folder {folder} does not exist", $"a path in an existing folder: create it (mkdir -p {folder}) or change the path");
            return null;
        }

        return path;
    }

    private static MappingShape Shape(string path) => new(KnownKeys[path]);

    private sealed class GatewaySection : IConfigSection
    {
        public string Name => "gateway";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => GatewayExpected;

        public object Read(MappingReader section, ConfigContext context) => GatewayConfigLoader.Read(section, context);
    }
}
