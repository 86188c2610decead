namespace Warden.Core.Configuration;

/// <summary>A YAML scalar: its text exactly as written (after YAML unquoting) and whether it was plain.</summary>
internal sealed class ConfigScalar(string value, bool isPlain, long line, long column) : ConfigNode(line, column)
{
    // Longer values are cut in messages so one bad line cannot flood the report.
    private const int DescribeLimit = 100;

    /// <summary>The text of the scalar; quoted scalars are unquoted and unescaped.</summary>
    public string Value { get; } = value;

    /// <summary>
    /// True for a plain (unquoted, untagged) scalar. Only plain scalars are read as numbers,
    /// booleans or null, as in YAML 1.2's core schema: <c>"0.9"</c> is a string.
    /// </summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>True for YAML null: a plain empty value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string Describe() => Value.Length <= DescribeLimit
        ? $"'{Value}'"
        : $"'{Value[..DescribeLimit]}…'";
}
