namespace Warden.Core.Configuration;

/// <summary>
/// Reads one mapping of a configuration file key by key, each with its position. When built it
/// reports every key the mapping's <see cref="MappingShape"/> does not accept (suggesting the
/// closest known key) and every duplicate key; typed reads then report wrong types and
/// out-of-range values. All errors go to one <see cref="ConfigErrorLog"/>, none is thrown.
/// </summary>
internal sealed partial class MappingReader
{
    private readonly ConfigErrorLog _log;
    private readonly MappingShape _shape;
    private readonly Dictionary<string, KeyValuePair<ConfigScalar, ConfigNode>> _entries = new(StringComparer.Ordinal);

    // False when the mapping is absent or could not be read: its required keys are then not
    // reported one by one, because the error about the mapping itself already says it all.
    private readonly bool _reportMissing;

    private MappingReader(ConfigErrorLog log, string path, MappingShape shape, ConfigMapping? node, long line, long column, bool reportMissing)
    {
        _log = log;
        _shape = shape;
        _reportMissing = reportMissing;
        Path = path;
        Line = line;
        Column = column;
        if (node is not null)
        {
            Index(node);
        }
    }

    /// <summary>Dotted path of this mapping; empty for the top level.</summary>
    public string Path { get; }

    /// <summary>Line where missing keys of this mapping are reported: its key, or 1 for the top level.</summary>
    public long Line { get; }

    /// <summary>Column where missing keys of this mapping are reported.</summary>
    public long Column { get; }

    /// <summary>
    /// The top level of a file. An absent document (empty file) reads as an empty mapping;
    /// anything but a mapping is an error.
    /// </summary>
    public static MappingReader Document(ConfigNode? root, ConfigErrorLog log, MappingShape shape)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(shape);
        switch (root)
        {
            case ConfigMapping mapping:
                return new MappingReader(log, string.Empty, shape, mapping, mapping.Line, mapping.Column, reportMissing: true);
            case null or ConfigScalar { IsNull: true }:
                // After invalid YAML the document is null too; "missing key" errors would be noise then.
                return new MappingReader(log, string.Empty, shape, null, 1, 1, reportMissing: !log.HasErrors);
            default:
                log.Add(root, string.Empty, $"the file holds {root.Describe()}, not a mapping", $"a mapping with the keys {shape.KeyList}");
                return new MappingReader(log, string.Empty, shape, null, 1, 1, reportMissing: false);
        }
    }

    /// <summary>The file's error log, for readers that check structure the walker does not (lists of named entries).</summary>
    public ConfigErrorLog Log => _log;

    /// <summary>The dotted path of <paramref name="key"/> in this mapping.</summary>
    public string FieldOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>True when <paramref name="key"/> is present (with any value).</summary>
    public bool Has(string key) => Value(key) is not null;

    /// <summary>True when this mapping is written in the file (an empty <c>cycle:</c> too); false for an absent section, which reads as its defaults.</summary>
    public bool Written => _reportMissing;

    /// <summary>The value of <paramref name="key"/> as written, or null when absent.</summary>
    public ConfigNode? Node(string key) => Value(key);

    /// <summary>Reports a problem with the value of <paramref name="key"/> at <paramref name="at"/>.</summary>
    public void Error(ConfigNode at, string key, string problem, string expected) =>
        _log.Add(at, FieldOf(key), problem, expected);

    /// <summary>Reports that the required <paramref name="key"/> is absent, at this mapping's position.</summary>
    public void Missing(string key, string expected)
    {
        if (_reportMissing)
        {
            _log.Add(Line, Column, FieldOf(key), $"missing required key '{key}'", expected);
        }
    }

    /// <summary>
    /// The nested mapping under <paramref name="key"/>. Absent, or present with no value
    /// (<c>latency:</c>), it reads as empty, so every setting in it takes its default.
    /// </summary>
    public MappingReader Section(string key, MappingShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var field = FieldOf(key);
        if (!_entries.TryGetValue(Known(key), out var entry))
        {
            return new MappingReader(_log, field, shape, null, Line, Column, reportMissing: false);
        }

        var (keyNode, value) = (entry.Key, entry.Value);
        switch (value)
        {
            case ConfigMapping mapping:
                return new MappingReader(_log, field, shape, mapping, keyNode.Line, keyNode.Column, reportMissing: true);
            case ConfigScalar { IsNull: true }:
                return new MappingReader(_log, field, shape, null, keyNode.Line, keyNode.Column, reportMissing: true);
            default:
                _log.Add(value, field, $"{value.Describe()} is not a mapping", $"a mapping with the keys {shape.KeyList}");
                return new MappingReader(_log, field, shape, null, keyNode.Line, keyNode.Column, reportMissing: false);
        }
    }

    /// <summary>Like <see cref="Section"/>, and reports <paramref name="key"/> as missing when absent.</summary>
    public MappingReader RequiredSection(string key, MappingShape shape, string expected)
    {
        if (!Has(key))
        {
            Missing(key, expected);
        }

        return Section(key, shape);
    }

    private ConfigNode? Value(string key) =>
        _entries.TryGetValue(Known(key), out var entry) ? entry.Value : null;

    // Reading a key the shape does not declare is a bug in the loader, not in the file: the
    // shape would then report the key as unknown and the schema test would miss it.
    private string Known(string key) => _shape.Keys.Contains(key)
        ? key
        : throw new InvalidOperationException($"Key '{key}' is read at '{Path}' but not declared in its MappingShape.");

    private void Index(ConfigMapping node)
    {
        foreach (var (keyNode, value) in node.Entries)
        {
            if (keyNode is not ConfigScalar { IsNull: false } key)
            {
                _log.Add(keyNode, Path, $"{keyNode.Describe()} is used as a key", $"a key name, one of {_shape.KeyList}");
                continue;
            }

            if (_entries.TryGetValue(key.Value, out var first))
            {
                _log.Add(
                    key,
                    FieldOf(key.Value),
                    $"duplicate key '{key.Value}' (first given on line {first.Key.Line})",
                    "each key at most once in a mapping; delete one of them");
                continue;
            }

            _entries.Add(key.Value, new(key, value));
            if (!_shape.Keys.Contains(key.Value))
            {
                ReportUnknown(key);
            }
        }
    }

    private void ReportUnknown(ConfigScalar key)
    {
        var field = FieldOf(key.Value);
        var expected = $"one of {_shape.KeyList}";
        if (_shape.Misplaced.TryGetValue(key.Value, out var hint))
        {
            _log.Add(key, field, $"'{key.Value}' is not accepted here: {hint}", expected);
            return;
        }

        var suggestion = KeySuggestion.Closest(key.Value, _shape.Keys);
        var problem = suggestion is null
            ? $"unknown key '{key.Value}'"
            : $"unknown key '{key.Value}'; did you mean '{suggestion}'?";
        _log.Add(key, field, problem, expected);
    }
}
