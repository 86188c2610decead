using Warden.Core.Policy;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Rollouts;

/// <summary>
/// Judges one canary step from the canary's and production's traffic over the same window, with
/// the verdict's own latency checks (P95 against the target, P95 drift against production, error
/// rate against the limit), so a step and a verdict can never disagree on the same numbers.
/// Pure: state and measurements in, a decision out; the controller does the acting.
/// </summary>
/// <remarks>
/// The rules, in order:
/// <list type="number">
/// <item>At 100 % only P95 against the target and the error rate are judged: production has no traffic to compare with.</item>
/// <item>Window incomplete (fewer canary requests than the step's minimum, or less time than its
/// minimum duration): <see cref="StepOutcome.Hold"/>, whatever the checks say — an early look
/// does not decide (the live guard watches every request with anytime-valid bounds instead).</item>
/// <item>Any check FAIL: <see cref="StepOutcome.Rollback"/>.</item>
/// <item>Every check PASS: <see cref="StepOutcome.Advance"/>.</item>
/// <item>Otherwise (an INCONCLUSIVE check) before the maximum duration: <see cref="StepOutcome.Hold"/>;
/// at or after it: the plan's <see cref="InconclusiveAction"/> — never a pass on missing data.</item>
/// </list>
/// </remarks>
internal static class CanaryAnalysis
{
    /// <summary>Analyses <paramref name="step"/> after <paramref name="elapsed"/> in it.</summary>
    /// <param name="step">The step and its window.</param>
    /// <param name="elapsed">Time since the step started.</param>
    /// <param name="production">Production's traffic over the window.</param>
    /// <param name="canary">The canary's traffic over the same window.</param>
    /// <param name="policy">Targets and limits (latency, error rate), confidence and bootstrap settings.</param>
    /// <param name="onInconclusive">What an inconclusive step does at its maximum duration.</param>
    public static StepAnalysis Analyze(
        CanaryStep step, TimeSpan elapsed, ArmTraffic production, ArmTraffic canary, VerdictPolicy policy, InconclusiveAction onInconclusive)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(canary);
        ArgumentNullException.ThrowIfNull(policy);

        // The step's window minimum is the sample minimum of the checks, so a check never calls
        // "too few" what the step accepted, nor judges what the step did not.
        var stepPolicy = policy with { MinimumSamples = policy.MinimumSamples with { Requests = Math.Max(1, step.MinRequests) } };
        var evidence = LiveShadowEvidence.Merge(null, $"canary-{canary.Version}", default, production, canary, null, stepPolicy);

        // At 100 % production serves nobody in the window, so there is no production latency to
        // drift from: the last step is judged on the absolute limits (the drift was judged at
        // every step before it, against production over the same window).
        CheckResult[] checks = step.WeightPercent >= 100
            ? [LatencyChecks.P95(evidence, stepPolicy), LatencyChecks.ErrorRate(evidence, stepPolicy)]
            :
            [
                LatencyChecks.P95(evidence, stepPolicy),
                LatencyChecks.P95Drift(evidence, stepPolicy),
                LatencyChecks.ErrorRate(evidence, stepPolicy),
            ];

        var complete = canary.Requests >= step.MinRequests && elapsed >= step.MinDuration;
        var (outcome, reason) = Decide(step, elapsed, canary, checks, complete, onInconclusive);
        return new StepAnalysis
        {
            Outcome = outcome,
            Reason = reason,
            WindowComplete = complete,
            CanaryRequests = canary.Requests,
            ProductionRequests = production.Requests,
            Checks = checks,
        };
    }

    private static (StepOutcome Outcome, string Reason) Decide(
        CanaryStep step, TimeSpan elapsed, ArmTraffic canary, CheckResult[] checks, bool complete, InconclusiveAction onInconclusive)
    {
        if (!complete)
        {
            return (StepOutcome.Hold,
                $"Window not complete: {canary.Requests} of {step.MinRequests} canary requests, {Seconds(elapsed)} of {Seconds(step.MinDuration)} s.");
        }

        if (checks.FirstOrDefault(c => c.Status == CheckStatus.Fail) is { } failed)
        {
            return (StepOutcome.Rollback, $"{failed.Name} failed: {failed.Reason}");
        }

        if (checks.All(c => c.Status == CheckStatus.Pass))
        {
            return (StepOutcome.Advance, $"Every check passed at {step.WeightPercent} % over {canary.Requests} canary requests.");
        }

        var doubt = checks.First(c => c.Status == CheckStatus.Inconclusive);
        if (elapsed < step.MaxDuration)
        {
            return (StepOutcome.Hold, $"{doubt.Name} inconclusive ({doubt.Reason}); the window grows until {Seconds(step.MaxDuration)} s.");
        }

        return onInconclusive == InconclusiveAction.Rollback
            ? (StepOutcome.Rollback, $"{doubt.Name} still inconclusive at the step's maximum of {Seconds(step.MaxDuration)} s, and the plan rolls back then: {doubt.Reason}")
            : (StepOutcome.Pause, $"{doubt.Name} still inconclusive at the step's maximum of {Seconds(step.MaxDuration)} s; paused for a human: {doubt.Reason}");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
