namespace Warden.Core.Configuration;

/// <summary>
/// The whole of one <c>warden.yaml</c> as written, with positions, for the checks that cross
/// sections (<see cref="IConfigSection.CheckReferences"/>): a section reads another's values here
/// rather than through its types, which may live in an assembly it does not reference.
/// </summary>
internal sealed class ConfigDocument(ConfigNode? root, IReadOnlyList<string> sections)
{
    /// <summary>True when this program registered the section <paramref name="name"/> (else its key is an error of its own).</summary>
    public bool Registers(string name) => sections.Contains(name);

    /// <summary>The node at a dotted path of fixed keys (<c>gateway.services</c>), the first of a duplicated key; null when absent.</summary>
    public ConfigNode? At(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = root;
        foreach (var part in path.Split('.'))
        {
            node = Child(node, part);
        }

        return node;
    }

    /// <summary>
    /// The value of <paramref name="key"/> in <paramref name="node"/> when it is a mapping, the first of
    /// a duplicated key; null otherwise. For names the user chose, which may hold a '.'.
    /// </summary>
    public static ConfigNode? Child(ConfigNode? node, string key) => node is ConfigMapping mapping
        ? mapping.Entries.FirstOrDefault(e => e.Key is ConfigScalar { IsNull: false } k && k.Value == key).Value
        : null;

    /// <summary>The keys of <paramref name="mapping"/> that are names, each once, in file order.</summary>
    public static List<string> Names(ConfigMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return [.. mapping.Entries.Select(e => e.Key).OfType<ConfigScalar>().Where(k => !k.IsNull).Select(k => k.Value).Distinct(StringComparer.Ordinal)];
    }
}
