namespace Warden.Core.Configuration;

/// <summary>
/// A mapping keyed by service name (<c>cycle.services</c>, <c>drill.services</c>): every key a
/// non-empty name given once, every entry a mapping read as a document of its own with its errors
/// moved under its full path (<c>cycle.services.ranker.evidence</c>). An entry with an error is
/// left out of the result, its errors reported.
/// </summary>
internal static class ServiceEntries
{
    /// <summary>Reads <paramref name="key"/> of <paramref name="section"/>; absent or empty is no entry.</summary>
    /// <param name="section">The section holding the mapping.</param>
    /// <param name="key">The mapping's key, e.g. <c>services</c>.</param>
    /// <param name="shape">The keys an entry accepts.</param>
    /// <param name="expected">What the mapping should be, for the error when it is not one.</param>
    /// <param name="readEntry">Reads one entry (service name, its reader); null when it could not be read.</param>
    /// <param name="empty">The value of an entry written with nothing in it (<c>ranker:</c>), or null when such an entry is an error.</param>
    public static Dictionary<string, T> Read<T>(MappingReader section, string key, MappingShape shape, string expected, Func<string, MappingReader, T?> readEntry, T? empty = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(readEntry);
        var entries = new Dictionary<string, T>(StringComparer.Ordinal);
        var field = section.FieldOf(key);
        var log = section.Log;
        switch (section.Node(key))
        {
            case null or ConfigScalar { IsNull: true }:
                return entries;
            case ConfigMapping mapping:
                var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var (keyNode, value) in mapping.Entries)
                {
                    if (keyNode is not ConfigScalar { IsNull: false, Value.Length: > 0 } name)
                    {
                        log.Add(keyNode, field, $"{keyNode.Describe()} is used as a service name", "a service name of gateway.services");
                        continue;
                    }

                    var entryField = $"{field}.{name.Value}";
                    if (firstLine.TryGetValue(name.Value, out var line))
                    {
                        log.Add(name, entryField, $"duplicate service '{name.Value}' (first given on line {line})", "each service once; merge the two entries");
                        continue;
                    }

                    firstLine.Add(name.Value, name.Line);
                    if (empty is not null && value is ConfigScalar { IsNull: true })
                    {
                        entries.Add(name.Value, empty);
                        continue;
                    }

                    if (value is not ConfigMapping node)
                    {
                        log.Add(value, entryField, $"{value.Describe()} is not a mapping", $"a mapping with the keys {shape.KeyList}");
                        continue;
                    }

                    // The entry sits under a name the user chose: read as a document of its own,
                    // its errors moved under its full path.
                    var scratch = new ConfigErrorLog(log.Source);
                    var entry = readEntry(name.Value, MappingReader.Document(node, scratch, shape));
                    foreach (var error in scratch.InFileOrder())
                    {
                        log.Add(error.Line, error.Column, error.Field.Length == 0 ? entryField : $"{entryField}.{error.Field}", error.Problem, error.Expected);
                    }

                    if (entry is not null && !scratch.HasErrors)
                    {
                        entries.Add(name.Value, entry);
                    }
                }

                return entries;
            case var other:
                log.Add(other, field, $"{other.Describe()} is not a mapping", expected);
                return entries;
        }
    }
}
