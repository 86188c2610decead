namespace Warden.Core.Evidence;

/// <summary>What a reader does with a bad line.</summary>
public enum ReadMode
{
    /// <summary>Fail on the first bad line with its location (the default).</summary>
    Strict,

    /// <summary>Count bad lines, keep up to <see cref="ParseIssueLog.MaxExamples"/> examples, and go on.</summary>
    Lenient,
}
