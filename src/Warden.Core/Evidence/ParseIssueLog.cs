namespace Warden.Core.Evidence;

/// <summary>
/// Collects the bad lines of one read. In strict mode the first report throws; in lenient mode
/// every bad line is counted and the first <see cref="MaxExamples"/> are kept to show the user,
/// so nothing is ever dropped silently.
/// </summary>
public sealed class ParseIssueLog
{
    /// <summary>How many examples a lenient read keeps.</summary>
    public const int MaxExamples = 20;

    private readonly List<ParseIssue> _examples = [];

    /// <summary>Creates a log for one read in the given mode.</summary>
    public ParseIssueLog(ReadMode mode) => Mode = mode;

    /// <summary>Strict or lenient.</summary>
    public ReadMode Mode { get; }

    /// <summary>Bad lines seen so far.</summary>
    public long Count { get; private set; }

    /// <summary>The first bad lines, at most <see cref="MaxExamples"/>.</summary>
    public IReadOnlyList<ParseIssue> Examples => _examples;

    /// <summary>Records a bad line; throws <see cref="EvidenceFormatException"/> in strict mode.</summary>
    public void Report(ParseIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        if (Mode == ReadMode.Strict)
        {
            throw new EvidenceFormatException(issue);
        }

        Count++;
        if (_examples.Count < MaxExamples)
        {
            _examples.Add(issue);
        }
    }
}
