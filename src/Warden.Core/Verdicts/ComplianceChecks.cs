using System.Collections.Immutable;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>The Compliance Monitor's checks: Compliance@K uplift and ΔnDCG@K.</summary>
internal static class ComplianceChecks
{
    /// <summary>
    /// PASS when the uplift estimate meets the target and the paired Δ interval is above 0; FAIL
    /// when the whole uplift interval is below the target. The two conditions use different
    /// estimates on purpose: the target is about size (in the policy's mode), the Δ interval about
    /// whether there is any improvement at all.
    /// </summary>
    internal static CheckResult Uplift(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var compliance = policy.Compliance;
        var relative = compliance.UpliftMode == UpliftMode.Relative;
        var targetText = relative
            ? CheckText.SignedPercentThreshold(compliance.Uplift)
            : CheckText.Signed(compliance.Uplift * 100, CheckText.OneDecimal) + " points";
        var spec = new CheckSpec(
            CheckIds.ComplianceUplift,
            $"Compliance@{CheckText.Count(compliance.K)} uplift",
            Dimension.Compliance,
            ReviewerRole.ComplianceMonitor,
            $"≥ {targetText} {(relative ? "of baseline (relative)" : "(absolute)")}, CI of Δ > 0");

        if (evidence.ComplianceUplift is not { } uplift)
        {
            return spec.Missing($"Compliance@{CheckText.Count(compliance.K)} uplift");
        }

        if (evidence.ComplianceDelta is not { } delta)
        {
            return spec.Missing($"paired Compliance@{CheckText.Count(compliance.K)} Δ") with { Observed = uplift, Evidence = uplift.Evidence };
        }

        var cited = Union(uplift.Evidence, delta.Evidence);
        Func<double, string> bound = x => CheckText.Signed(x * 100, CheckText.OneDecimal);
        var upliftText = relative
            ? $"{CheckText.SignedPercent(uplift.Value)} of baseline (relative)"
            : $"{bound(uplift.Value)} points (absolute)";

        var unjudged = spec.TooFew(uplift, delta.SampleSize, policy.MinimumSamples.Queries, "queries", "queries", cited)
            ?? spec.Unbounded(uplift, bound, cited)
            ?? spec.Unbounded(delta, bound, cited);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var deltaText = $"Δ {bound(delta.Value)} points, {CheckText.Interval(delta, bound)}";
        var head = $"{spec.Name} {upliftText}, {CheckText.Interval(uplift, bound)}";
        if (uplift.Value >= compliance.Uplift && delta.Low > 0)
        {
            return spec.Result(CheckStatus.Pass, $"{head} meets the {targetText} target and {deltaText} is entirely above 0.", uplift, cited);
        }

        if (uplift.High < compliance.Uplift)
        {
            return spec.Result(CheckStatus.Fail, $"{head} is entirely below the {targetText} target.", uplift, cited);
        }

        var reason = uplift.Value >= compliance.Uplift
            ? $"{head} meets the {targetText} target, but {deltaText} does not exclude 0."
            : $"{head} is below the {targetText} target, but the interval still reaches it.";
        return spec.Result(CheckStatus.Inconclusive, reason, uplift, cited);
    }

    /// <summary>PASS when the paired ΔnDCG interval is above 0, FAIL when it is below 0.</summary>
    internal static CheckResult NdcgDelta(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var k = CheckText.Count(policy.Ndcg.K);
        var spec = new CheckSpec(
            CheckIds.NdcgDelta, $"ΔnDCG@{k}", Dimension.Novelty, ReviewerRole.ComplianceMonitor, "CI of Δ > 0");
        if (evidence.NdcgDelta is not { } delta)
        {
            return spec.Missing($"paired nDCG@{k} Δ");
        }

        Func<double, string> format = x => CheckText.Signed(x, "0.0000");
        var unjudged = spec.TooFew(delta, delta.SampleSize, policy.MinimumSamples.Queries, "queries", "queries")
            ?? spec.Unbounded(delta, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"{spec.Name} {format(delta.Value)}, {CheckText.Interval(delta, format)}";
        return delta switch
        {
            { Low: > 0 } => spec.Result(CheckStatus.Pass, $"{head} is entirely above 0.", delta),
            { High: < 0 } => spec.Result(CheckStatus.Fail, $"{head} is entirely below 0.", delta),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head} includes 0.", delta),
        };
    }

    private static ImmutableArray<EvidenceId> Union(ImmutableArray<EvidenceId> first, ImmutableArray<EvidenceId> second)
    {
        var builder = ImmutableArray.CreateBuilder<EvidenceId>(first.Length + second.Length);
        foreach (var id in first)
        {
            if (!builder.Contains(id))
            {
                builder.Add(id);
            }
        }

        foreach (var id in second)
        {
            if (!builder.Contains(id))
            {
                builder.Add(id);
            }
        }

        return builder.ToImmutable();
    }
}
