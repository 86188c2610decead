using System.Collections.Immutable;
using Warden.Core.Policy;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>
/// The four verdict rules, tried in order; the first that fires decides. Findings keep the order
/// of the checks they come from (the hierarchy Compliance &gt; Latency &gt; Throughput &gt; Novelty,
/// then Safety, Integrity, Integration, Rollback readiness), so the first finding is the one a
/// justification names first.
/// </summary>
internal static class VerdictRules
{
    /// <summary>Dimensions where an INCONCLUSIVE blocks GO whatever the votes; only throughput and novelty may be carried by quorum.</summary>
    private static readonly ImmutableHashSet<Dimension> Gated =
    [
        Dimension.Compliance, Dimension.Latency, Dimension.Safety, Dimension.Integrity, Dimension.RollbackReadiness,
    ];

    internal static VerdictDecision Apply(
        VerdictEvidence evidence, VerdictPolicy policy, ImmutableArray<CheckResult> checks, ImmutableArray<ReviewerVote> votes)
    {
        var goVotes = 0;
        foreach (var vote in votes)
        {
            if (vote.Vote == Vote.Go)
            {
                goVotes++;
            }
        }

        var votesText = $"{CheckText.Count(goVotes)} of {CheckText.Count(votes.Length)} GO votes (quorum {CheckText.Count(policy.Quorum)})";
        var fired = Reject(evidence, policy, checks)
            ?? PauseAndFix(checks)
            ?? ShadowOnly(checks, votes, goVotes < policy.Quorum, votesText)
            ?? Go(checks, votesText);

        return new VerdictDecision
        {
            Outcome = fired.Outcome,
            Rule = fired.Rule,
            Findings = fired.Findings,
            GoVotes = goVotes,
            Quorum = policy.Quorum,
            Votes = votes,
            Checks = checks,
        };
    }

    /// <summary>
    /// Rule 1: an integrity FAIL, a safety FAIL, or Compliance / nDCG significantly worse. "Worse"
    /// reads the paired Δ interval directly, whatever the check's own status: a candidate whose
    /// ΔnDCG is below 0 is rejected, not merely paused like a failed novelty check would be.
    /// </summary>
    private static Firing? Reject(VerdictEvidence evidence, VerdictPolicy policy, ImmutableArray<CheckResult> checks)
    {
        var findings = ImmutableArray.CreateBuilder<CheckResult>();
        var clauses = new List<string>();
        var safety = new List<string>();
        var integrity = new List<string>();
        Func<double, string> points = x => CheckText.Signed(x * 100, CheckText.OneDecimal);
        Func<double, string> ndcg = x => CheckText.Signed(x, "0.0000");

        foreach (var check in checks)
        {
            if (check.Id == CheckIds.ComplianceUplift && evidence.ComplianceDelta is { High: < 0 } compliance)
            {
                findings.Add(check);
                clauses.Add($"Compliance@{CheckText.Count(policy.Compliance.K)} significantly worse (Δ {CheckText.Interval(compliance, points)} points)");
            }
            else if (check.Id == CheckIds.NdcgDelta && evidence.NdcgDelta is { High: < 0 } novelty)
            {
                findings.Add(check);
                clauses.Add($"nDCG@{CheckText.Count(policy.Ndcg.K)} significantly worse (Δ {CheckText.Interval(novelty, ndcg)})");
            }
            else if (check.Status == CheckStatus.Fail && check.Dimension is Dimension.Safety or Dimension.Integrity)
            {
                findings.Add(check);
                (check.Dimension == Dimension.Safety ? safety : integrity).Add(check.Name);
            }
        }

        if (safety.Count > 0)
        {
            clauses.Add($"safety gate failed ({string.Join(", ", safety)})");
        }

        if (integrity.Count > 0)
        {
            clauses.Add($"integrity failure ({string.Join(", ", integrity)})");
        }

        return findings.Count == 0
            ? null
            : new Firing(VerdictOutcome.Reject, "REJECT: " + string.Join("; ", clauses), findings.ToImmutable());
    }

    /// <summary>Rule 2: any other FAIL (rule 1 has taken the integrity and safety ones).</summary>
    private static Firing? PauseAndFix(ImmutableArray<CheckResult> checks)
    {
        var failed = Where(checks, check => check.Status == CheckStatus.Fail);
        return failed.IsEmpty
            ? null
            : new Firing(VerdictOutcome.PauseAndFix, "PAUSE_AND_FIX: failed " + Names(failed), failed);
    }

    /// <summary>
    /// Rule 3: an INCONCLUSIVE in a gated dimension, or too few GO votes. Short of quorum, each
    /// non-GO reviewer's decisive check is a finding too, so the report says whose doubt it was.
    /// </summary>
    private static Firing? ShadowOnly(ImmutableArray<CheckResult> checks, ImmutableArray<ReviewerVote> votes, bool shortOfQuorum, string votesText)
    {
        var inconclusive = Where(checks, check => check.Status == CheckStatus.Inconclusive && Gated.Contains(check.Dimension));
        if (inconclusive.IsEmpty && !shortOfQuorum)
        {
            return null;
        }

        var findings = inconclusive;
        if (shortOfQuorum)
        {
            var decisive = new HashSet<string>(StringComparer.Ordinal);
            foreach (var vote in votes)
            {
                if (vote.Vote != Vote.Go)
                {
                    decisive.Add(vote.Decisive.Id);
                }
            }

            findings = Where(checks, check => decisive.Contains(check.Id) || inconclusive.Contains(check));
        }

        var clauses = new List<string>(2);
        if (!inconclusive.IsEmpty)
        {
            clauses.Add("inconclusive " + Names(inconclusive));
        }

        if (shortOfQuorum)
        {
            clauses.Add(votesText);
        }

        return new Firing(VerdictOutcome.ShadowOnly, "SHADOW ONLY: " + string.Join("; ", clauses), findings);
    }

    /// <summary>
    /// Rule 4: nothing failed, nothing gated is in doubt, the quorum is met. The findings are the
    /// hierarchy checks (Compliance, Latency, Throughput, Novelty) a GO justification cites;
    /// an INCONCLUSIVE left among them was carried by the quorum and the rule says so.
    /// </summary>
    private static Firing Go(ImmutableArray<CheckResult> checks, string votesText)
    {
        var carried = Where(checks, check => check.Status == CheckStatus.Inconclusive);
        var rule = carried.IsEmpty
            ? $"GO: every check passed; {votesText}"
            : $"GO: {votesText}; inconclusive {Names(carried)} carried by quorum";
        return new Firing(VerdictOutcome.Go, rule, Where(checks, check => check.Dimension <= Dimension.Novelty));
    }

    private static ImmutableArray<CheckResult> Where(ImmutableArray<CheckResult> checks, Func<CheckResult, bool> predicate)
    {
        var builder = ImmutableArray.CreateBuilder<CheckResult>();
        foreach (var check in checks)
        {
            if (predicate(check))
            {
                builder.Add(check);
            }
        }

        return builder.ToImmutable();
    }

    private static string Names(ImmutableArray<CheckResult> checks) => string.Join(", ", checks.Select(check => check.Name));

    private readonly record struct Firing(VerdictOutcome Outcome, string Rule, ImmutableArray<CheckResult> Findings);
}
