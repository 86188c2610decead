using Warden.Core.Policy;
using Warden.Core.Verdicts;
using static Warden.Core.Tests.Verdicts.VerdictFixture;

namespace Warden.Core.Tests.Verdicts;

/// <summary>
/// Reviewer votes and the quorum edge. GO votes are lowered one reviewer at a time with
/// INCONCLUSIVE checks: throughput (Latency Analyst HOLD), novelty (Compliance Monitor HOLD), then
/// rollback readiness (Rollback Officer HOLD). Only the last is gated, so with 4 or 5 GO votes
/// the quorum alone decides.
/// </summary>
public sealed class QuorumAndVotesTests
{
    [Theory]
    [InlineData(6, 6, VerdictOutcome.Go, "GO: every check passed; 6 of 6 GO votes (quorum 6)", new string[0])]
    [InlineData(5, 6, VerdictOutcome.ShadowOnly, "SHADOW ONLY: 5 of 6 GO votes (quorum 6)", new[] { CheckIds.Throughput })]
    [InlineData(5, 4, VerdictOutcome.Go, "GO: 5 of 6 GO votes (quorum 4); inconclusive Throughput carried by quorum", new string[0])]
    [InlineData(4, 4, VerdictOutcome.Go, "GO: 4 of 6 GO votes (quorum 4); inconclusive Throughput, ΔnDCG@10 carried by quorum", new string[0])]
    [InlineData(3, 4, VerdictOutcome.ShadowOnly, "SHADOW ONLY: inconclusive Rollback readiness; 3 of 6 GO votes (quorum 4)",
        new[] { CheckIds.Throughput, CheckIds.NdcgDelta, CheckIds.Rollback })]
    [InlineData(5, 5, VerdictOutcome.Go, "GO: 5 of 6 GO votes (quorum 5); inconclusive Throughput carried by quorum", new string[0])]
    [InlineData(4, 5, VerdictOutcome.ShadowOnly, "SHADOW ONLY: 4 of 6 GO votes (quorum 5)", new[] { CheckIds.Throughput, CheckIds.NdcgDelta })]
    [InlineData(3, 5, VerdictOutcome.ShadowOnly, "SHADOW ONLY: inconclusive Rollback readiness; 3 of 6 GO votes (quorum 5)",
        new[] { CheckIds.Throughput, CheckIds.NdcgDelta, CheckIds.Rollback })]
    public void Decide_GoVotesAgainstQuorum_GivesOutcome(int goVotes, int quorum, VerdictOutcome outcome, string rule, string[] shadowFindings)
    {
        var evidence = Passing();
        if (goVotes <= 5)
        {
            evidence = evidence with { Candidate = evidence.Candidate with { Throughput = Est(101, 96, 106) } };
        }

        if (goVotes <= 4)
        {
            evidence = evidence with { NdcgDelta = Est(0.004, -0.002, 0.010) };
        }

        if (goVotes <= 3)
        {
            evidence = evidence with { Rollback = null };
        }

        var decision = VerdictEngine.Decide(evidence, new VerdictPolicy { Quorum = quorum });

        Assert.Equal(goVotes, decision.GoVotes);
        Assert.Equal(quorum, decision.Quorum);
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(rule, decision.Rule);
        if (outcome == VerdictOutcome.ShadowOnly)
        {
            Assert.Equal(shadowFindings, decision.Findings.Select(f => f.Id).ToArray());
        }
    }

    [Fact]
    public void Decide_Votes_AreTheSixReviewersInRoleOrderOwningTheirChecks()
    {
        var votes = VerdictEngine.Decide(Passing(), Defaults).Votes;

        Assert.Equal(
            ["Compliance Monitor", "Latency Analyst", "Ops Commander", "Infra Guardian", "Integration Engineer", "Rollback Officer"],
            votes.Select(v => v.Name).ToArray());
        Assert.Equal(Enum.GetValues<ReviewerRole>(), votes.Select(v => v.Reviewer).ToArray());
        Assert.Equal(
            [
                $"{CheckIds.ComplianceUplift} {CheckIds.NdcgDelta}",
                $"{CheckIds.P95} {CheckIds.P95Drift} {CheckIds.ErrorRate} {CheckIds.Throughput}",
                $"{CheckIds.AblationDrop} {CheckIds.ScoreCorrelation} {CheckIds.Provenance}",
                CheckIds.Environment,
                CheckIds.Api,
                CheckIds.Rollback,
            ],
            votes.Select(v => string.Join(' ', v.Checks.Select(c => c.Id))).ToArray());
        Assert.All(votes, v => Assert.Equal(Vote.Go, v.Vote));
        Assert.All(votes, v => Assert.Same(v.Checks[0], v.Decisive));
    }

    // Latency Analyst's checks in order: p95, drift, error rate, throughput.
    [Theory]
    [InlineData(false, false, false, Vote.Go, CheckIds.P95)]
    [InlineData(false, true, false, Vote.Hold, CheckIds.P95Drift)]
    [InlineData(false, true, true, Vote.NoGo, CheckIds.Throughput)]
    [InlineData(true, true, true, Vote.NoGo, CheckIds.Throughput)]
    [InlineData(true, true, false, Vote.Hold, CheckIds.P95)]
    public void Decide_ReviewerChecks_VoteAndDecisiveFollowFirstFailThenFirstInconclusive(
        bool p95Inconclusive, bool driftInconclusive, bool throughputFails, Vote vote, string decisive)
    {
        var evidence = Passing();
        var candidate = evidence.Candidate;
        if (p95Inconclusive)
        {
            candidate = candidate with { P95 = Est(49.5, 48.0, 51.2) };
        }

        if (throughputFails)
        {
            candidate = candidate with { Throughput = Est(80, 75, 85) };
        }

        evidence = evidence with { Candidate = candidate, P95Drift = driftInconclusive ? Est(4.5, 3, 6) : evidence.P95Drift };

        var analyst = VerdictEngine.Decide(evidence, Defaults).Votes[(int)ReviewerRole.LatencyAnalyst];

        Assert.Equal(ReviewerRole.LatencyAnalyst, analyst.Reviewer);
        Assert.Equal(vote, analyst.Vote);
        Assert.Equal(decisive, analyst.Decisive.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Decide_QuorumOutsideOneToSix_Throws(int quorum)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => VerdictEngine.Decide(Passing(), new VerdictPolicy { Quorum = quorum }));

        Assert.StartsWith($"The quorum must be between 1 and 6 GO votes (currently {quorum}); set policy.quorum in warden.yaml.", error.Message);
    }

    [Fact]
    public void Decide_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => VerdictEngine.Decide(null!, Defaults));
        Assert.Throws<ArgumentNullException>(() => VerdictEngine.Decide(Passing(), null!));
    }
}
