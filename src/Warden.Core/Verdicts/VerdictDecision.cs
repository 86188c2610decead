using System.Collections.Immutable;

namespace Warden.Core.Verdicts;

/// <summary>The verdict: outcome, the rule that produced it, the findings behind it, and every vote and check.</summary>
public sealed record VerdictDecision
{
    /// <summary>GO, SHADOW ONLY, PAUSE_AND_FIX or REJECT.</summary>
    public required VerdictOutcome Outcome { get; init; }

    /// <summary>The rule that fired, in words, e.g. <c>REJECT: safety gate failed (Visual-ablation drop)</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The findings that made the rule fire, most important first (hierarchy order).</summary>
    public required ImmutableArray<CheckResult> Findings { get; init; }

    /// <summary>GO votes cast.</summary>
    public required int GoVotes { get; init; }

    /// <summary>GO votes needed.</summary>
    public required int Quorum { get; init; }

    /// <summary>The six votes, in the order of <see cref="ReviewerRole"/>.</summary>
    public required ImmutableArray<ReviewerVote> Votes { get; init; }

    /// <summary>Every check, in hierarchy order (Compliance, Latency, Throughput, Novelty, Safety, Integrity, Integration, Rollback).</summary>
    public required ImmutableArray<CheckResult> Checks { get; init; }
}
