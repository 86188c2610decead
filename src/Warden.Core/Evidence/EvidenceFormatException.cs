namespace Warden.Core.Evidence;

/// <summary>
/// Thrown by a reader in <see cref="ReadMode.Strict"/> mode at the first bad line, and in any
/// mode for problems with the whole file (empty file). The message is the compiler-style
/// <c>file:line:column: problem; expected ...</c> line.
/// </summary>
public sealed class EvidenceFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="issue"/>.</summary>
    public EvidenceFormatException(ParseIssue issue)
        : base(issue?.ToString())
    {
        Issue = issue ?? throw new ArgumentNullException(nameof(issue));
    }

    /// <summary>Where the problem is and what was expected.</summary>
    public ParseIssue Issue { get; }
}
