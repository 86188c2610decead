namespace Warden.Core.Configuration;

/// <summary>A YAML mapping: every key/value pair in file order, duplicates included.</summary>
internal sealed class ConfigMapping(IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> entries, long line, long column)
    : ConfigNode(line, column)
{
    /// <summary>The pairs as written; a key given twice appears twice so it can be reported.</summary>
    public IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> Entries { get; } = entries;

    /// <inheritdoc />
    public override string Describe() => "a mapping";
}
