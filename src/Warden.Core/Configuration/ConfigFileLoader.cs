namespace Warden.Core.Configuration;

/// <summary>
/// Reads <c>warden.yaml</c> once and hands each top-level section to the reader its feature
/// registered (<see cref="IConfigSection"/>). A top-level key no section owns is an error naming
/// the closest one; a section the caller requires but the file lacks is an error; a section that
/// is absent otherwise takes its defaults. Names one section refers to and another declares
/// (<see cref="IConfigSection.NameReferences"/>), and the other checks across sections
/// (<see cref="IConfigSection.CheckReferences"/>), run once every section is read. All
/// errors of all sections come back together, in file order.
/// </summary>
internal static class ConfigFileLoader
{
    /// <summary>Reads the file at <paramref name="path"/>; relative paths inside it resolve against its folder.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ConfigFile LoadFile(string path, IReadOnlyList<IConfigSection> sections, params IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Load(reader, new ConfigContext(path, Path.GetDirectoryName(Path.GetFullPath(path))), sections, required);
    }

    // Recent reads of the same text, for a server whose API commands read warden.yaml on every call
    // (YAML parsing is most of such a call's cost). An entry lives two seconds, so a check of the
    // world a section makes (a file it names exists) is at most that old; the text itself is the key.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Text, ConfigContext Context, IReadOnlyList<IConfigSection> Sections, string Required), (ConfigFile File, long Until)> Recent = new();

    /// <summary>
    /// <see cref="Load"/> of <paramref name="text"/>, answered from a read of the same text with the
    /// same context in the last two seconds when there was one. The sections' values are immutable
    /// records, so a shared <see cref="ConfigFile"/> cannot be changed by one caller for another.
    /// </summary>
    public static ConfigFile LoadText(string text, ConfigContext context, IReadOnlyList<IConfigSection> sections, params IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = (text, context, sections, string.Join(',', required));
        var now = Environment.TickCount64;
        if (Recent.TryGetValue(key, out var hit) && hit.Until > now)
        {
            return hit.File;
        }

        var file = Load(new StringReader(text), context, sections, required);
        if (Recent.Count >= 16)
        {
            Recent.Clear();
        }

        Recent[key] = (file, now + 2000);
        return file;
    }

    /// <summary>Reads <paramref name="yaml"/>, the whole of one <c>warden.yaml</c>.</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="context">Where it came from.</param>
    /// <param name="sections">Every section this program knows; their names are the top-level keys.</param>
    /// <param name="required">Names of the sections the calling command cannot do without.</param>
    public static ConfigFile Load(TextReader yaml, ConfigContext context, IReadOnlyList<IConfigSection> sections, params IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sections);
        var log = new ConfigErrorLog(context.Source);
        var root = YamlDocumentReader.Read(yaml, log);
        var document = MappingReader.Document(root, log, new MappingShape([.. sections.Select(s => s.Name)]));
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (document.Node(section.Name) is ConfigScalar { IsNull: false } scalar && section.ReadScalar(scalar, log, context) is { } shorthand)
            {
                values[section.Name] = shorthand;
                continue;
            }

            var shape = new MappingShape(section.KnownKeys[section.Name]);
            var mapping = required.Contains(section.Name)
                ? document.RequiredSection(section.Name, shape, section.Expected)
                : document.Section(section.Name, shape);
            values[section.Name] = section.Read(mapping, context);
        }

        var written = new ConfigDocument(root, [.. sections.Select(s => s.Name)]);
        CheckNameReferences(written, sections, log);
        foreach (var section in sections)
        {
            section.CheckReferences(written, log);
        }

        return new ConfigFile(values, log.InFileOrder(), [.. sections.Select(s => s.Name).Where(name => written.At(name) is not null)]);
    }

    // On the document rather than on the sections' options: those hold no positions, and a
    // section must not need another's types (rollout is in Core, gateway in its own assembly).
    // A target mapping that is absent, empty or not a mapping has its own error, or none is due
    // (a file without a gateway); a second error per name would only repeat it.
    private static void CheckNameReferences(ConfigDocument document, IReadOnlyList<IConfigSection> sections, ConfigErrorLog log)
    {
        foreach (var reference in sections.SelectMany(s => s.NameReferences))
        {
            var owner = reference.Target.Split('.')[0];
            if (!document.Registers(owner)
                || document.At(reference.Target) is not ConfigMapping { Entries.Count: > 0 } target
                || document.At(reference.Path) is not ConfigMapping referring)
            {
                continue;
            }

            var declared = ConfigDocument.Names(target);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, _) in referring.Entries)
            {
                // Keys that are not names, and duplicates, are the referring section's own errors.
                if (keyNode is not ConfigScalar { IsNull: false } key || !seen.Add(key.Value) || declared.Contains(key.Value))
                {
                    continue;
                }

                var suggestion = KeySuggestion.Closest(key.Value, declared);
                log.Add(
                    key,
                    $"{reference.Path}.{key.Value}",
                    suggestion is null
                        ? $"{reference.Noun} '{key.Value}' is not in {reference.Target}"
                        : $"{reference.Noun} '{key.Value}' is not in {reference.Target} (did you mean '{suggestion}'?)",
                    $"a {reference.Noun} of {reference.Target}: {string.Join(", ", declared)}; correct the name, or add the {reference.Noun} to {reference.Target}");
            }
        }
    }
}
