using System.Collections.Immutable;

namespace Warden.Core.Verdicts;

/// <summary>The six reviewers: who owns which checks, and how each turns its checks into a vote.</summary>
internal static class Reviewers
{
    /// <summary>Display name of each reviewer, as reports print it.</summary>
    internal static string Name(ReviewerRole role) => role switch
    {
        ReviewerRole.ComplianceMonitor => "Compliance Monitor",
        ReviewerRole.LatencyAnalyst => "Latency Analyst",
        ReviewerRole.OpsCommander => "Ops Commander",
        ReviewerRole.InfraGuardian => "Infra Guardian",
        ReviewerRole.IntegrationEngineer => "Integration Engineer",
        ReviewerRole.RollbackOfficer => "Rollback Officer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown reviewer."),
    };

    /// <summary>
    /// One vote per reviewer, in <see cref="ReviewerRole"/> order. <paramref name="checks"/> must
    /// be in hierarchy order: each reviewer's checks keep it, so "first FAIL" means the most
    /// important one.
    /// </summary>
    internal static ImmutableArray<ReviewerVote> Vote(ImmutableArray<CheckResult> checks)
    {
        var roles = Enum.GetValues<ReviewerRole>();
        var votes = ImmutableArray.CreateBuilder<ReviewerVote>(roles.Length);
        foreach (var role in roles)
        {
            var owned = ImmutableArray.CreateBuilder<CheckResult>();
            foreach (var check in checks)
            {
                if (check.Reviewer == role)
                {
                    owned.Add(check);
                }
            }

            votes.Add(Cast(role, owned.ToImmutable()));
        }

        return votes.MoveToImmutable();
    }

    private static ReviewerVote Cast(ReviewerRole role, ImmutableArray<CheckResult> owned)
    {
        if (owned.IsEmpty)
        {
            throw new InvalidOperationException($"Reviewer {Name(role)} owns no check; every reviewer must own at least one.");
        }

        var firstFail = First(owned, CheckStatus.Fail);
        var firstInconclusive = First(owned, CheckStatus.Inconclusive);
        var (vote, decisive) = (firstFail, firstInconclusive) switch
        {
            ({ } fail, _) => (Verdicts.Vote.NoGo, fail),
            (null, { } inconclusive) => (Verdicts.Vote.Hold, inconclusive),
            _ => (Verdicts.Vote.Go, owned[0]),
        };

        return new ReviewerVote
        {
            Reviewer = role,
            Name = Name(role),
            Vote = vote,
            Checks = owned,
            Decisive = decisive,
        };
    }

    private static CheckResult? First(ImmutableArray<CheckResult> checks, CheckStatus status)
    {
        foreach (var check in checks)
        {
            if (check.Status == status)
            {
                return check;
            }
        }

        return null;
    }
}
