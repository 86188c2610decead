using Warden.Core.Configuration;

namespace Warden.Core.Drills;

/// <summary>
/// Reads the <c>drill:</c> section of <c>warden.yaml</c> into <see cref="DrillOptions"/>, with the
/// same walker and error style as the other sections: every error collected with file:line:column,
/// the key and the fix. A service entry needs the faulty build's version, its fault endpoint and a
/// request body; the drill route defaults to <c>SERVICE-drill</c>.
/// </summary>
internal static class DrillConfigLoader
{
    private static readonly MappingShape SectionShape = new(["load_rate", "weight", "timeout_s", "ready_timeout_s", "services"]);

    /// <summary>Keys of one entry of <c>drill.services</c>.</summary>
    internal static readonly MappingShape ServiceShape = new(["route", "candidate", "faults", "request"]);

    private static readonly MappingShape RequestShape = new(["body", "path"]);

    /// <summary>The fixed mappings of the section by dotted path (a service's entry is <c>$defs/drillService</c> in the schema).</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["drill"] = SectionShape.Keys,
        };

    /// <summary>The keys of a service entry (for the schema test of <c>$defs/drillService</c>).</summary>
    internal static IReadOnlyList<string> ServiceKeys => ServiceShape.Keys;

    /// <summary>The keys of a service's <c>request</c> (for the schema test of <c>$defs/drillRequest</c>).</summary>
    internal static IReadOnlyList<string> RequestKeys => RequestShape.Keys;

    /// <summary>The <c>drill:</c> section as a reader of the one <c>warden.yaml</c> loader.</summary>
    internal static IConfigSection Section { get; } = new DrillSection();

    private const string ServicesExpected =
        "a mapping of service names (those of gateway.services) to { route, candidate, faults, request }, e.g. ranker: { candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: { body: drill-request.json } }";

    private const string CandidateExpected = "the drill route's version that runs the faulty build, e.g. faulty";
    private const string FaultsExpected = "the faulty build's fault endpoint, an http:// address, e.g. http://127.0.0.1:8196/admin/faults";
    private const string BodyExpected = "a JSON file with one inference request, relative to warden.yaml's folder or absolute";
    private const string PathExpected = "a path below the route's prefix, e.g. v2/models/ranker/infer";

    private static DrillOptions Read(MappingReader drill, ConfigContext context)
    {
        var d = new DrillOptions();
        return new DrillOptions
        {
            LoadRate = drill.Number("load_rate", d.LoadRate, new NumberRange { Min = 1, Max = 10_000 }),
            WeightPercent = (decimal)drill.Number("weight", (double)d.WeightPercent, new NumberRange { Min = 1, Max = 100 }),
            Timeout = TimeSpan.FromSeconds(drill.Number("timeout_s", d.Timeout.TotalSeconds, new NumberRange { Min = 1, Max = 3600 })),
            ReadyTimeout = TimeSpan.FromSeconds(drill.Number("ready_timeout_s", d.ReadyTimeout.TotalSeconds, new NumberRange { Min = 1, Max = 3600 })),
            Services = ReadServices(drill, context),
        };
    }

    private static Dictionary<string, DrillTarget> ReadServices(MappingReader drill, ConfigContext context) =>
        ServiceEntries.Read(drill, "services", ServiceShape, ServicesExpected, (service, m) => ReadService(service, m, context));

    private static DrillTarget? ReadService(string service, MappingReader m, ConfigContext context)
    {
        var route = m.Text("route", "a service of gateway.services that is the drill copy of this one, e.g. " + service + "-drill")?.Value ?? $"{service}-drill";
        var candidate = m.RequiredText("candidate", CandidateExpected)?.Value;
        Uri? faults = null;
        if (m.RequiredText("faults", FaultsExpected) is { } faultsNode)
        {
            if (Uri.TryCreate(faultsNode.Value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                faults = uri;
            }
            else
            {
                m.Error(faultsNode, "faults", $"{faultsNode.Describe()} is not an http:// or https:// address", FaultsExpected);
            }
        }

        var request = m.RequiredSection("request", RequestShape, "a mapping { body: FILE, path: PATH }, e.g. request: { body: drill-request.json }");
        var body = ReadBody(request, context);
        var path = request.Text("path", PathExpected)?.Value.TrimStart('/') ?? $"v2/models/{service}/infer";
        if (route == service)
        {
            m.Error(m.Node("route")!, "route", $"the drill route '{route}' is the service itself", $"a drill copy of its own (default {service}-drill); to drill the live route, pass --on-live to warden drill");
        }

        return candidate is null || faults is null || body is null
            ? null
            : new DrillTarget { Service = service, Route = route, Candidate = candidate, Faults = faults, RequestBody = body, RequestPath = path };
    }

    private static string? ReadBody(MappingReader request, ConfigContext context)
    {
        if (request.RequiredText("body", BodyExpected) is not { } scalar)
        {
            return null;
        }

        // Resolved and checked now, against the file's folder, as rollout evidence paths are.
        return ConfigFilePath.Existing(request, scalar, "body", context, "a file", BodyExpected, $"{BodyExpected}: correct the path");
    }

    private sealed class DrillSection : IConfigSection
    {
        public string Name => "drill";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "a drill: section (see docs/drills.md)";

        // A drill set-up for a service the gateway does not route could never run.
        public IReadOnlyList<ConfigNameReference> NameReferences { get; } = [new("drill.services", "gateway.services", "service")];

        public object Read(MappingReader section, ConfigContext context) => DrillConfigLoader.Read(section, context);
    }
}
