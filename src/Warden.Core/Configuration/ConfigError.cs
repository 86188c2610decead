namespace Warden.Core.Configuration;

/// <summary>
/// One problem in a configuration file (<c>warden.yaml</c>, <c>evidence.yaml</c>): where it is
/// (file, 1-based line and column), which setting it concerns, what is wrong and how to fix it.
/// Loaders collect every error of a file in one pass instead of stopping at the first.
/// </summary>
public sealed record ConfigError
{
    /// <summary>File path or URI as the user gave it.</summary>
    public required string Source { get; init; }

    /// <summary>1-based line of the offending key or value.</summary>
    public required long Line { get; init; }

    /// <summary>1-based column (character position in the line) where the offending key or value starts.</summary>
    public required long Column { get; init; }

    /// <summary>
    /// Dotted path of the setting, e.g. <c>policy.latency.p95_target_ms</c>; empty for problems
    /// of the file as a whole (invalid YAML).
    /// </summary>
    public required string Field { get; init; }

    /// <summary>What is wrong, stating the value found, e.g. <c>1.5 is out of range</c>.</summary>
    public required string Problem { get; init; }

    /// <summary>What is accepted there and how to fix it, e.g. <c>a number greater than 0.5 and less than 1 (default 0.95)</c>.</summary>
    public required string Expected { get; init; }

    /// <summary>
    /// <c>file:line:column: field: problem; expected ...</c> (without <c>field: </c> when
    /// <see cref="Field"/> is empty), the compiler-style form editors can jump to.
    /// </summary>
    public override string ToString() => Field.Length == 0
        ? $"{Source}:{Line}:{Column}: {Problem}; expected {Expected}"
        : $"{Source}:{Line}:{Column}: {Field}: {Problem}; expected {Expected}";
}
