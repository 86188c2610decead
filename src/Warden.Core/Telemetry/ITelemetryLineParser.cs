namespace Warden.Core.Telemetry;

/// <summary>What a line parser made of one non-blank line.</summary>
internal enum LineOutcome
{
    /// <summary>The line is a record.</summary>
    Record,

    /// <summary>The line is the CSV header: consumed, not a record.</summary>
    Header,

    /// <summary>The line is bad; the parser filled in a <see cref="LineProblem"/>.</summary>
    Rejected,
}

/// <summary>Parses one line of a telemetry format; the reader owns buffering, counting and reporting.</summary>
internal interface ITelemetryLineParser
{
    /// <summary>Parses <paramref name="line"/> (no line terminator, no BOM, not blank).</summary>
    LineOutcome Parse(ReadOnlySpan<byte> line, long lineNumber, out RequestRecord record, out LineProblem problem);
}
