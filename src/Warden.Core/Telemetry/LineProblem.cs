namespace Warden.Core.Telemetry;

/// <summary>
/// Why one line was rejected, before it is placed in a file: the byte offset in the line of
/// the offending value (turned into a 1-based character column by the reader), the field, what
/// is wrong and what was expected.
/// </summary>
internal readonly record struct LineProblem(int ByteOffset, string? Field, string Problem, string Expected);
