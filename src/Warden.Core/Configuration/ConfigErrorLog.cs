namespace Warden.Core.Configuration;

/// <summary>The errors found in one configuration file, collected while it is walked.</summary>
internal sealed class ConfigErrorLog(string source)
{
    private readonly List<ConfigError> _errors = [];

    /// <summary>File path or URI as the user gave it.</summary>
    public string Source { get; } = source;

    /// <summary>True once any error has been added.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>How many errors have been added; a reader compares it before and after a read to learn whether that value was good.</summary>
    public int Count => _errors.Count;

    /// <summary>Adds an error at <paramref name="at"/>'s position.</summary>
    public void Add(ConfigNode at, string field, string problem, string expected) =>
        Add(at.Line, at.Column, field, problem, expected);

    /// <summary>Adds an error at a 1-based line and column.</summary>
    public void Add(long line, long column, string field, string problem, string expected) => _errors.Add(new ConfigError
    {
        Source = Source,
        Line = line,
        Column = column,
        Field = field,
        Problem = problem,
        Expected = expected,
    });

    /// <summary>
    /// The errors in file order (line, then column). Checks run in code order and cross-field
    /// checks run last, so sorting is what makes the report read top to bottom; the sort is
    /// stable, so two errors at one position keep the order they were found in.
    /// </summary>
    public IReadOnlyList<ConfigError> InFileOrder() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
