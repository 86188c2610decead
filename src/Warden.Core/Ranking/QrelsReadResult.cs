using Warden.Core.Evidence;

namespace Warden.Core.Ranking;

/// <summary>What <see cref="QrelsReader.Read"/> and <see cref="QrelsReader.ReadCompliance"/> return.</summary>
public sealed record QrelsReadResult
{
    /// <summary>The accepted judgments.</summary>
    public required Qrels Qrels { get; init; }

    /// <summary>Rejected lines (always empty in strict mode, which throws instead).</summary>
    public required ParseIssueLog Issues { get; init; }
}
