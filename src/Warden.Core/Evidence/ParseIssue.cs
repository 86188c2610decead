namespace Warden.Core.Evidence;

/// <summary>
/// One rejected line of an evidence file: where it is (file, 1-based line and column), what is
/// wrong with it and what was expected instead.
/// </summary>
public sealed record ParseIssue
{
    /// <summary>File path or URI as the user gave it.</summary>
    public required string Source { get; init; }

    /// <summary>1-based line number.</summary>
    public required long Line { get; init; }

    /// <summary>1-based column (character position in the line) where the problem starts.</summary>
    public required int Column { get; init; }

    /// <summary>The field the problem is in, when there is one (e.g. <c>latency_ms</c>).</summary>
    public string? Field { get; init; }

    /// <summary>What is wrong, e.g. <c>latency_ms is negative (-3)</c>.</summary>
    public required string Problem { get; init; }

    /// <summary>What a valid line has there, e.g. <c>a finite number ≥ 0</c>.</summary>
    public required string Expected { get; init; }

    /// <summary>Builds an issue; the argument order reads like the message it becomes.</summary>
    public static ParseIssue At(string source, long line, int column, string? field, string problem, string expected) => new()
    {
        Source = source,
        Line = line,
        Column = column,
        Field = field,
        Problem = problem,
        Expected = expected,
    };

    /// <summary><c>file:line:column: problem; expected ...</c>, the compiler-style form editors can jump to.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}: {Problem}; expected {Expected}";
}
