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
/// <item>Evidence unavailable (the source's query failed, or it has no series for the canary): every
/// check INCONCLUSIVE with the source's reason; <see cref="StepOutcome.Hold"/> before the maximum
/// duration, the plan's <see cref="InconclusiveAction"/> at or after it — never a pass.</item>
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
        return Analyze(step, elapsed, StepEvidence.Of(production, canary, policy), policy, onInconclusive);
    }

    /// <summary>Analyses <paramref name="step"/> after <paramref name="elapsed"/> in it, on evidence from any source.</summary>
    /// <param name="step">The step and its window.</param>
    /// <param name="elapsed">Time since the step started.</param>
    /// <param name="measured">Both arms over the window, or why they could not be measured.</param>
    /// <param name="policy">Targets and limits (latency, error rate), confidence and bootstrap settings.</param>
    /// <param name="onInconclusive">What an inconclusive step does at its maximum duration.</param>
    public static StepAnalysis Analyze(CanaryStep step, TimeSpan elapsed, StepEvidence measured, VerdictPolicy policy, InconclusiveAction onInconclusive)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(policy);

        // The step's window minimum is the sample minimum of the checks, so a check never calls
        // "too few" what the step accepted, nor judges what the step did not.
        var stepPolicy = policy with { MinimumSamples = policy.MinimumSamples with { Requests = Math.Max(1, step.MinRequests) } };
        var evidence = measured.Evidence;

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

        (StepOutcome Outcome, string Reason) decision;
        bool complete;
        if (measured.Unavailable is { } why)
        {
            // The checks found nothing to judge; say why the source had nothing.
            checks = [.. checks.Select(c => c with { Status = CheckStatus.Inconclusive, Observed = null, Reason = $"No measurement: {why}" })];
            complete = false;
            decision = Unavailable(step, elapsed, why, onInconclusive);
        }
        else
        {
            complete = measured.CanaryRequests >= step.MinRequests && elapsed >= step.MinDuration;
            decision = Decide(step, elapsed, measured.CanaryRequests, checks, complete, onInconclusive);
        }

        return new StepAnalysis
        {
            Outcome = decision.Outcome,
            Reason = decision.Reason,
            WindowComplete = complete,
            CanaryRequests = measured.CanaryRequests,
            ProductionRequests = measured.ProductionRequests,
            Checks = checks,
            EvidenceIds = measured.EvidenceIds,
        };
    }

    private static (StepOutcome Outcome, string Reason) Unavailable(CanaryStep step, TimeSpan elapsed, string why, InconclusiveAction onInconclusive)
    {
        if (elapsed < step.MaxDuration)
        {
            return (StepOutcome.Hold, $"No measurement of the window ({why}); looking again until {Seconds(step.MaxDuration)} s.");
        }

        return onInconclusive == InconclusiveAction.Rollback
            ? (StepOutcome.Rollback, $"Still no measurement at the step's maximum of {Seconds(step.MaxDuration)} s, and the plan rolls back then: {why}")
            : (StepOutcome.Pause, $"Still no measurement at the step's maximum of {Seconds(step.MaxDuration)} s; paused for a human: {why}");
    }

    private static (StepOutcome Outcome, string Reason) Decide(
        CanaryStep step, TimeSpan elapsed, long canaryRequests, CheckResult[] checks, bool complete, InconclusiveAction onInconclusive)
    {
        if (!complete)
        {
            return (StepOutcome.Hold,
                $"Window not complete: {canaryRequests} of {step.MinRequests} canary requests, {Seconds(elapsed)} of {Seconds(step.MinDuration)} s.");
        }

        if (checks.FirstOrDefault(c => c.Status == CheckStatus.Fail) is { } failed)
        {
            return (StepOutcome.Rollback, $"{failed.Name} failed: {failed.Reason}");
        }

        if (checks.All(c => c.Status == CheckStatus.Pass))
        {
            return (StepOutcome.Advance, $"Every check passed at {step.WeightPercent} % over {canaryRequests} canary requests.");
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
