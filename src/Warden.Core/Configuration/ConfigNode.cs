namespace Warden.Core.Configuration;

/// <summary>
/// A node of a YAML document with its 1-based position. Warden builds these from YamlDotNet's
/// parser events rather than using its RepresentationModel because the RepresentationModel
/// throws at the first duplicate key, which would hide every later error in the file.
/// </summary>
internal abstract class ConfigNode(long line, long column)
{
    /// <summary>1-based line where the node starts.</summary>
    public long Line { get; } = line;

    /// <summary>1-based column where the node starts.</summary>
    public long Column { get; } = column;

    /// <summary>How a message names this node: <c>'text'</c>, <c>a mapping</c> or <c>a list</c>.</summary>
    public abstract string Describe();
}
