using Warden.Core.Policy;

namespace Warden.Core.Verdicts;

/// <summary>
/// The Ops Commander's safety gates: the candidate must actually use its visual features (the
/// ablation drop), and must not be the baseline in disguise (the score correlation).
/// </summary>
internal static class SafetyChecks
{
    /// <summary>
    /// PASS when the drop meets the minimum and its interval is above 0, FAIL when the whole
    /// interval is below the minimum.
    /// </summary>
    internal static CheckResult AblationDrop(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var minimum = policy.Safety.AblationDropMin;
        var minimumText = CheckText.PercentThreshold(minimum);
        var spec = new CheckSpec(
            CheckIds.AblationDrop, "Visual-ablation drop", Dimension.Safety, ReviewerRole.OpsCommander, $"≥ {minimumText} and CI lower > 0");
        if (evidence.AblationDrop is not { } drop)
        {
            return spec.Missing("visual-ablation drop (ablated candidate run)");
        }

        Func<double, string> format = x => CheckText.Signed(x * 100, CheckText.OneDecimal);
        var unjudged = spec.TooFew(drop, drop.SampleSize, policy.MinimumSamples.Queries, "queries", "queries")
            ?? spec.Unbounded(drop, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"Visual-ablation drop {CheckText.SignedPercent(drop.Value)}, {CheckText.Interval(drop, format)}";
        if (drop.Value >= minimum && drop.Low > 0)
        {
            return spec.Result(CheckStatus.Pass, $"{head} meets the {minimumText} minimum with the lower bound above 0.", drop);
        }

        if (drop.High < minimum)
        {
            return spec.Result(CheckStatus.Fail, $"{head} entirely below the {minimumText} minimum.", drop);
        }

        var reason = drop.Value >= minimum
            ? $"{head} meets the {minimumText} minimum, but the interval does not exclude 0."
            : $"{head} is below the {minimumText} minimum, but the interval still reaches it.";
        return spec.Result(CheckStatus.Inconclusive, reason, drop);
    }

    /// <summary>PASS when the correlation's upper bound is below the maximum, FAIL when its lower bound reaches it.</summary>
    internal static CheckResult ScoreCorrelation(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var maximum = policy.Safety.CorrelationMax;
        var maximumText = CheckText.Number(maximum, CheckText.Threshold);
        var spec = new CheckSpec(
            CheckIds.ScoreCorrelation, "v1/v2 score correlation", Dimension.Safety, ReviewerRole.OpsCommander, $"< {maximumText} (CI upper)");
        if (evidence.ScoreCorrelation is not { } correlation)
        {
            return spec.Missing("baseline/candidate score correlation");
        }

        Func<double, string> format = x => CheckText.Number(x, "0.000");
        var unjudged = spec.TooFew(correlation, correlation.SampleSize, policy.MinimumSamples.ScorePairs, "score pairs", "score_pairs")
            ?? spec.Unbounded(correlation, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"v1/v2 score correlation {format(correlation.Value)}, {CheckText.Interval(correlation, format)}";
        if (correlation.High < maximum)
        {
            return spec.Result(CheckStatus.Pass, $"{head} entirely below the {maximumText} maximum.", correlation);
        }

        return correlation.Low >= maximum
            ? spec.Result(CheckStatus.Fail, $"{head} at or above the {maximumText} maximum.", correlation)
            : spec.Result(CheckStatus.Inconclusive, $"{head} includes the {maximumText} maximum.", correlation);
    }
}
