using System.Collections.Immutable;

namespace Warden.Core.Verdicts;

/// <summary>One reviewer's vote with the checks it owns and the finding that decided the vote.</summary>
public sealed record ReviewerVote
{
    /// <summary>Which reviewer.</summary>
    public required ReviewerRole Reviewer { get; init; }

    /// <summary>Display name, e.g. <c>Latency Analyst</c>.</summary>
    public required string Name { get; init; }

    /// <summary>GO, NO-GO or HOLD.</summary>
    public required Vote Vote { get; init; }

    /// <summary>The reviewer's checks, in hierarchy order.</summary>
    public required ImmutableArray<CheckResult> Checks { get; init; }

    /// <summary>The check that decided the vote: the first FAIL, else the first INCONCLUSIVE, else the first check.</summary>
    public required CheckResult Decisive { get; init; }
}
