using Warden.Core.Policy;

namespace Warden.Core.Cycle;

/// <summary>What one heartbeat cycle hands the innovation relay.</summary>
public sealed record InnovationInput
{
    /// <summary>The cycle's id (<c>cy-…</c>).</summary>
    public required string CycleId { get; init; }

    /// <summary>When the cycle ran (the report's time; the relay reads no clock).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The candidates the cycle judged.</summary>
    public IReadOnlyList<JudgedCandidate> Candidates { get; init; } = [];

    /// <summary>Production's live numbers beside its offline ones, one per service the cycle could compare.</summary>
    public IReadOnlyList<LiveOfflineComparison> Comparisons { get; init; } = [];

    /// <summary>The rollbacks of the cycle's window, drills included (they are counted, not reported).</summary>
    public IReadOnlyList<RollbackCause> Rollbacks { get; init; } = [];

    /// <summary>The thresholds the cycle judged with (targets quoted in the items).</summary>
    public required VerdictPolicy Policy { get; init; }
}
