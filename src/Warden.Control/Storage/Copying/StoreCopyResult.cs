using Warden.Audit;

namespace Warden.Storage.Copying;

/// <summary>What <see cref="StoreCopy"/> copied and what the target showed when checked afterwards.</summary>
internal sealed record StoreCopyResult
{
    /// <summary>Each table: rows in the source's snapshot and in the target after the copy.</summary>
    public required IReadOnlyList<(string Table, long Source, long Target)> Tables { get; init; }

    /// <summary>The source's audit head at the snapshot.</summary>
    public AuditHead? SourceHead { get; init; }

    /// <summary>The target's audit chain and state rows, recomputed after the copy.</summary>
    public required AuditVerification Target { get; init; }

    /// <summary>How long the copy and the checks took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>What does not match, one sentence each; empty when the target holds exactly the source.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
