namespace Warden.Core.Configuration;

/// <summary>A YAML scalar: its text exactly as written (after YAML unquoting), whether it was quoted, and its tag if any.</summary>
internal sealed class ConfigScalar(string value, bool isQuoted, string? tag, long line, long column) : ConfigNode(line, column)
{
    // Longer values are cut in messages so one bad line cannot flood the report.
    private const int DescribeLimit = 100;

    // The YAML 1.2 core schema's tags, written in the short form users type (!!int).
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    /// <summary>The text of the scalar; quoted scalars are unquoted and unescaped.</summary>
    public string Value { get; } = value;

    /// <summary>True for a single- or double-quoted scalar (or a block scalar: | or >).</summary>
    public bool IsQuoted { get; } = isQuoted;

    /// <summary>
    /// The explicit tag as the user would write it (<c>!!int</c>, <c>!!str</c>, <c>!custom</c>),
    /// or null when the scalar has none.
    /// </summary>
    public string? Tag { get; } = tag is null ? null : tag.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? "!!" + tag[CoreTagPrefix.Length..] : tag;

    /// <summary>
    /// True for a plain (unquoted, untagged) scalar. Only plain scalars are read as numbers,
    /// booleans or null, as in YAML 1.2's core schema: <c>"0.9"</c> is a string.
    /// </summary>
    public bool IsPlain => !IsQuoted && Tag is null;

    /// <summary>True for YAML null: a plain empty value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>What the tag makes of the value, for messages: "an integer" for <c>!!int</c>; null for a tag Warden does not know.</summary>
    public string? TagMeaning => Tag switch
    {
        "!!str" => "a string",
        "!!int" => "an integer",
        "!!float" => "a floating-point number",
        "!!bool" => "a boolean",
        "!!null" => "null",
        "!!binary" => "binary data",
        "!!timestamp" => "a timestamp",
        _ => null,
    };

    /// <inheritdoc />
    public override string Describe() => Value.Length <= DescribeLimit
        ? $"'{Value}'"
        : $"'{Value[..DescribeLimit]}…'";
}
