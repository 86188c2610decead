namespace Warden.Core.Configuration;

/// <summary>A YAML sequence (list).</summary>
internal sealed class ConfigSequence(IReadOnlyList<ConfigNode> items, long line, long column) : ConfigNode(line, column)
{
    /// <summary>The items in file order.</summary>
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    /// <inheritdoc />
    public override string Describe() => "a list";
}
