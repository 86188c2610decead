using Warden.Core.Configuration;

namespace Warden.Core.Cycle;

/// <summary>
/// Reads the <c>cycle:</c> section of <c>warden.yaml</c> into <see cref="CycleOptions"/>, with the
/// same walker and error style as the other sections: every error collected with file:line:column,
/// the key and the fix; a misspelt key gets the closest known one. Durations are a whole number and
/// a unit (<see cref="ConfigDuration"/>) from 10 s to 7 d. A service's evidence file is resolved
/// against the file's folder and must exist; its candidates must be backends of the service in
/// gateway.services other than production, checked on the document once every section is read.
/// </summary>
internal static class CycleConfigLoader
{
    /// <summary>The shortest interval and window: a cycle reads telemetry windows and the store, so more often only repeats itself.</summary>
    internal static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest interval and window: a week. Longer, a GO verdict (<c>verdict_max_age_days</c>,
    /// default 7) and the weekly drill (<c>rollback.drill_every_days</c>, default 7) go stale between two cycles.
    /// </summary>
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    private static readonly MappingShape SectionShape = new(["interval", "on_start", "window", "services"]);

    /// <summary>Keys of one entry of <c>cycle.services</c>.</summary>
    internal static readonly MappingShape ServiceShape = new(["evidence", "model", "candidates", "auto_rollout", "auto_rollback"]);

    /// <summary>The fixed mappings of the section by dotted path (a service's entry is <c>$defs/cycleService</c> in the schema).</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["cycle"] = SectionShape.Keys,
        };

    /// <summary>The keys of a service entry (for the schema test of <c>$defs/cycleService</c>).</summary>
    internal static IReadOnlyList<string> ServiceKeys => ServiceShape.Keys;

    /// <summary>The <c>cycle:</c> section as a reader of the one <c>warden.yaml</c> loader.</summary>
    internal static IConfigSection Section { get; } = new CycleSection();

    private const string ServicesExpected =
        "a mapping of service names (those of gateway.services) to { evidence, model, candidates, auto_rollout, auto_rollback }, e.g. ranker: { evidence: bundle-go.yaml, candidates: [v2] }";

    private const string EvidenceExpected =
        "the service's latest offline evaluation, an evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute (default: none)";

    private const string EvidenceFix =
        "an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key";

    private const string CandidatesExpected =
        "a list of the service's backends in gateway.services other than production, e.g. [v2] (default: every backend but production and the registry's previous)";

    private const string VersionExpected = $"a version name of {ConfigName.Chars}, not starting with '.'";

    private static CycleOptions Read(MappingReader cycle, ConfigContext context)
    {
        var d = new CycleOptions();
        return new CycleOptions
        {
            Enabled = cycle.Written,
            Interval = cycle.Duration("interval", MinDuration, MaxDuration, ConfigDuration.Format(d.Interval)) ?? d.Interval,
            OnStart = cycle.Boolean("on_start", d.OnStart),
            Window = cycle.Duration("window", MinDuration, MaxDuration, "the interval"),
            Services = ReadServices(cycle, context),
        };
    }

    private static Dictionary<string, CycleServiceOptions> ReadServices(MappingReader cycle, ConfigContext context) =>
        ServiceEntries.Read(cycle, "services", ServiceShape, ServicesExpected, (service, m) => ReadService(service, m, context), empty: CycleServiceOptions.Default);

    private static CycleServiceOptions ReadService(string service, MappingReader m, ConfigContext context)
    {
        var d = CycleServiceOptions.Default;
        return new CycleServiceOptions
        {
            Evidence = m.Text("evidence", EvidenceExpected) is { } evidence
                ? ConfigFilePath.Existing(m, evidence, "evidence", context, "an evidence bundle", EvidenceExpected, EvidenceFix)
                : null,
            Model = ReadModel(service, m),
            Candidates = ReadCandidates(m),
            AutoRollout = m.Boolean("auto_rollout", d.AutoRollout),
            AutoRollback = m.Boolean("auto_rollback", d.AutoRollback),
        };
    }

    private static string? ReadModel(string service, MappingReader m)
    {
        var expected = $"the model's Open Inference Protocol name at the backends, of {ConfigName.Chars}, not starting with '.' (default: the service's name, {service})";
        if (m.Text("model", expected) is not { } model)
        {
            return null;
        }

        if (!ConfigName.IsPathSegment(model.Value))
        {
            // It goes into the path /v2/models/MODEL/infer as written, like a version into the route.
            m.Error(model, "model", $"model name {model.Describe()} is not a plain path segment", expected);
            return null;
        }

        return model.Value;
    }

    private static List<string>? ReadCandidates(MappingReader m)
    {
        switch (m.Node("candidates"))
        {
            case null:
                return null;
            case ConfigScalar { IsNull: true } none:
                m.Error(none, "candidates", "no value given", $"{CandidatesExpected}; remove the key to use the default");
                return null;
            case ConfigSequence sequence:
                // An empty list is a choice: no candidate is judged, production is still watched.
                var candidates = new List<string>();
                var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    var key = $"candidates[{i}]";
                    switch (sequence.Items[i])
                    {
                        case ConfigScalar { IsNull: true } empty:
                            m.Error(empty, key, "no version given", VersionExpected);
                            continue;
                        case ConfigScalar scalar when !ConfigName.IsPathSegment(scalar.Value):
                            m.Error(scalar, key, $"version name {scalar.Describe()} is not a plain path segment", VersionExpected);
                            continue;
                        case ConfigScalar scalar when firstIndex.TryGetValue(scalar.Value, out var first):
                            m.Error(scalar, key, $"duplicate candidate '{scalar.Value}' (first given at candidates[{first}])", "each candidate once; delete one of them");
                            continue;
                        case ConfigScalar scalar:
                            firstIndex.Add(scalar.Value, i);
                            candidates.Add(scalar.Value);
                            continue;
                        case var other:
                            m.Error(other, key, $"{other.Describe()} is not a single value", VersionExpected);
                            continue;
                    }
                }

                return candidates;
            case var other:
                m.Error(other, "candidates", $"{other.Describe()} is not a list", CandidatesExpected);
                return null;
        }
    }

    // On the document, as ConfigFileLoader checks names: the gateway's types live in an assembly
    // Core does not reference. A service not in gateway.services has its error from the name
    // reference, and a gateway entry without readable backends has its own; a candidate that is
    // not a version name, or a repeated one, has the section's error. None gets a second one here.
    private static void CheckCandidates(ConfigDocument document, ConfigErrorLog log)
    {
        if (!document.Registers("gateway")
            || document.At("gateway.services") is not ConfigMapping gateway
            || document.At("cycle.services") is not ConfigMapping cycle)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in cycle.Entries)
        {
            if (keyNode is not ConfigScalar { IsNull: false } key
                || !seen.Add(key.Value)
                || ConfigDocument.Child(value, "candidates") is not ConfigSequence candidates
                || ConfigDocument.Child(gateway, key.Value) is not { } service
                || ConfigDocument.Child(service, "backends") is not ConfigMapping { Entries.Count: > 0 } backendsNode)
            {
                continue;
            }

            var backends = ConfigDocument.Names(backendsNode);
            var production = ConfigDocument.Child(service, "production") is ConfigScalar { IsNull: false } p && backends.Contains(p.Value) ? p.Value : null;
            var others = backends.Where(b => b != production).ToList();
            var expected = others.Count == 0
                ? $"a backend of gateway.services.{key.Value} other than production {production}; it has none: add one to gateway.services.{key.Value}.backends, or remove the candidate"
                : $"a backend of gateway.services.{key.Value} other than production{(production is null ? string.Empty : " " + production)}: {string.Join(", ", others)}";
            var named = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < candidates.Items.Count; i++)
            {
                if (candidates.Items[i] is not ConfigScalar { IsNull: false } candidate || !ConfigName.IsPathSegment(candidate.Value) || !named.Add(candidate.Value))
                {
                    continue;
                }

                var field = $"cycle.services.{key.Value}.candidates[{i}]";
                if (candidate.Value == production)
                {
                    log.Add(candidate, field, $"candidate '{candidate.Value}' is production; a candidate is a version the cycle judges against production", $"{expected}; or remove it");
                }
                else if (!backends.Contains(candidate.Value))
                {
                    var suggestion = KeySuggestion.Closest(candidate.Value, others);
                    log.Add(
                        candidate,
                        field,
                        suggestion is null
                            ? $"candidate '{candidate.Value}' is not a backend of service '{key.Value}'"
                            : $"candidate '{candidate.Value}' is not a backend of service '{key.Value}' (did you mean '{suggestion}'?)",
                        $"{expected}; correct the name, or add the version to gateway.services.{key.Value}.backends");
                }
            }
        }
    }

    private sealed class CycleSection : IConfigSection
    {
        public string Name => "cycle";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "a cycle: section (see docs/cycle.md)";

        // A cycle entry for a service the gateway does not route could never be acted on.
        public IReadOnlyList<ConfigNameReference> NameReferences { get; } = [new("cycle.services", "gateway.services", "service")];

        public object Read(MappingReader section, ConfigContext context) => CycleConfigLoader.Read(section, context);

        public void CheckReferences(ConfigDocument document, ConfigErrorLog log) => CheckCandidates(document, log);
    }
}
