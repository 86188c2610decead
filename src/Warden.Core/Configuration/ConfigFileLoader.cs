namespace Warden.Core.Configuration;

/// <summary>
/// Reads <c>warden.yaml</c> once and hands each top-level section to the reader its feature
/// registered (<see cref="IConfigSection"/>). A top-level key no section owns is an error naming
/// the closest one; a section the caller requires but the file lacks is an error; a section that
/// is absent otherwise takes its defaults. All errors of all sections come back together, in file
/// order.
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
        var document = MappingReader.Document(YamlDocumentReader.Read(yaml, log), log, new MappingShape([.. sections.Select(s => s.Name)]));
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var shape = new MappingShape(section.KnownKeys[section.Name]);
            var mapping = required.Contains(section.Name)
                ? document.RequiredSection(section.Name, shape, section.Expected)
                : document.Section(section.Name, shape);
            values[section.Name] = section.Read(mapping, context);
        }

        return new ConfigFile(values, log.InFileOrder());
    }
}
