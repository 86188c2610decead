using System.Globalization;
using Warden.Core.Policy;
using Warden.Core.Statistics.Sequential;

namespace Warden.Core.Guard;

/// <summary>
/// The live guard's triggers, written down as rules. Each statistical trigger is an anytime-valid
/// test (a beta-binomial mixture confidence sequence, see docs/guard.md): its chance of ever
/// tripping on a version that meets the threshold stays under its share of the policy's false-alarm
/// level however often the guard looks. The level is split evenly over the
/// <see cref="StatisticalTriggers"/> statistical triggers (Bonferroni); a two-sample trigger spends
/// half of its share on each arm's sequence.
/// </summary>
public static class RollbackTriggers
{
    /// <summary>The triggers that are tests (all but the backend's health).</summary>
    public const int StatisticalTriggers = 5;

    /// <summary>P95 above a threshold is the same event as more than this share of requests above it.</summary>
    public const double TailShare = 0.05;

    // A two-sample comparison needs a reference of some size before its upper bound means
    // anything; below it the trigger waits (its level does not depend on this).
    private const long MinReferenceRequests = 1;

    /// <summary>The level each statistical trigger spends.</summary>
    public static double TriggerAlpha(GuardPolicy guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        return guard.FalseAlarm / StatisticalTriggers;
    }

    /// <summary>The latency the latency trigger counts requests against: P95 target + margin, in ms.</summary>
    public static double LatencyTriggerMs(VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Latency.P95TargetMs + policy.Guard.LatencyMarginMs;
    }

    /// <summary>Every trigger's reading, in naming order (<see cref="GuardTrigger"/>).</summary>
    public static IReadOnlyList<TriggerReading> Evaluate(VerdictPolicy policy, GuardInput input)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Spend is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Spend, "spend must be above 0 and at most 1");
        }

        var alpha = TriggerAlpha(policy.Guard) * input.Spend;
        var g = input.Guarded;
        var readings = new List<TriggerReading>(6)
        {
            new()
            {
                Trigger = GuardTrigger.BackendDown,
                Tripped = input.GuardedDown,
                Observed = input.GuardedDown ? 1 : 0,
                Bound = input.GuardedDown ? 1 : 0,
                Threshold = 1,
                Description = input.GuardedDown ? "the guarded version's backend is marked down by the gateway's health checks" : "the guarded version's backend is up",
            },
        };

        if (input.Reference is { } r)
        {
            // Non-compliance rates: the guarded arm's lower bound above production's upper bound by the drop.
            readings.Add(TwoSample(
                GuardTrigger.ComplianceDrop, g.ComplianceJudged - g.Compliant, g.ComplianceJudged, r.ComplianceJudged - r.Compliant, r.ComplianceJudged,
                policy.Guard.ComplianceDropPoints / 100, alpha, new BetaPrior(1, 1), "live Compliance@1 drop against production", points: true));
        }
        else
        {
            readings.Add(Unarmed(GuardTrigger.ComplianceDrop, policy.Guard.ComplianceDropPoints / 100, "live Compliance@1 drop: production serves no live traffic to compare with"));
        }

        var latencyMs = LatencyTriggerMs(policy);
        readings.Add(OneSample(GuardTrigger.LatencyTarget, g.Slow, g.Requests, TailShare, alpha, $"share of requests slower than {Ms(latencyMs)} ms (P95 target {Ms(policy.Latency.P95TargetMs)} + {Ms(policy.Guard.LatencyMarginMs)} ms)"));
        readings.Add(input.DriftThresholdMs is { } drift
            ? OneSample(GuardTrigger.LatencyDrift, g.DriftSlow, g.DriftRequests, TailShare, alpha, $"share of requests slower than {Ms(drift)} ms (production's P95 + the {Ms(policy.Latency.P95DriftLimitMs)} ms drift limit)")
            : Unarmed(GuardTrigger.LatencyDrift, TailShare, "P95 drift: production's P95 is not known yet"));
        readings.Add(OneSample(GuardTrigger.ErrorRate, g.Errors, g.Requests, policy.ErrorRate.Limit, alpha, "error rate"));
        readings.Add(input.Reference is { } reference
            ? TwoSample(GuardTrigger.ErrorRateVersusProduction, g.Errors, g.Requests, reference.Errors, reference.Requests, 0, alpha,
                BetaPrior.ForThreshold(policy.ErrorRate.Limit), "error rate against production's", points: false)
            : Unarmed(GuardTrigger.ErrorRateVersusProduction, 0, "error rate against production's: production serves no live traffic to compare with"));
        return readings;
    }

    /// <summary>The first tripped reading in naming order, or null.</summary>
    public static TriggerReading? FirstTripped(IReadOnlyList<TriggerReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return readings.FirstOrDefault(r => r.Tripped);
    }

    /// <summary>The trigger's name in reports and JSON: backend_down, compliance_drop, latency_p95, latency_drift, error_rate, error_rate_vs_production.</summary>
    public static string Name(GuardTrigger trigger) => trigger switch
    {
        GuardTrigger.BackendDown => "backend_down",
        GuardTrigger.ComplianceDrop => "compliance_drop",
        GuardTrigger.LatencyTarget => "latency_p95",
        GuardTrigger.LatencyDrift => "latency_drift",
        GuardTrigger.ErrorRate => "error_rate",
        _ => "error_rate_vs_production",
    };

    // "The rate is above `threshold`": the confidence sequence's lower bound is above it.
    private static TriggerReading OneSample(GuardTrigger trigger, long events, long trials, double threshold, double alpha, string what)
    {
        var prior = BetaPrior.ForThreshold(threshold);
        var bounds = BernoulliConfidenceSequence.Bounds(events, trials, alpha, prior);
        var tripped = BernoulliConfidenceSequence.ExceedsRate(events, trials, threshold, alpha, prior);
        var observed = trials == 0 ? 0 : (double)events / trials;
        return new TriggerReading
        {
            Trigger = trigger,
            Tripped = tripped,
            Observed = observed,
            Bound = bounds.Lower,
            Threshold = threshold,
            Events = events,
            Requests = trials,
            LogEvidence = BernoulliConfidenceSequence.LogMixture(events, trials, threshold, prior),
            Description = $"{what} {Percent(observed)} ({events} of {trials}), lower bound {Percent(bounds.Lower)} {(tripped ? "above" : "not above")} {Percent(threshold)}",
        };
    }

    // "The guarded rate exceeds the reference's by more than `margin`": the guarded arm's lower
    // bound minus the reference's upper bound, each at alpha / 2, is above the margin.
    private static TriggerReading TwoSample(
        GuardTrigger trigger, long events, long trials, long referenceEvents, long referenceTrials, double margin, double alpha, BetaPrior prior, string what, bool points)
    {
        var guarded = BernoulliConfidenceSequence.Bounds(events, trials, alpha / 2, prior);
        var reference = BernoulliConfidenceSequence.Bounds(referenceEvents, referenceTrials, alpha / 2, prior);
        var observed = (trials == 0 ? 0 : (double)events / trials) - (referenceTrials == 0 ? 0 : (double)referenceEvents / referenceTrials);
        var bound = guarded.Lower - reference.Upper;
        var armed = referenceTrials >= MinReferenceRequests && trials > 0;
        var tripped = armed && bound > margin;

        // The evidence path for the onset estimate: the guarded arm against the reference's rate plus the margin.
        var nullRate = Math.Clamp((referenceTrials == 0 ? 0 : (double)referenceEvents / referenceTrials) + margin, 1e-6, 1 - 1e-6);
        string Show(double v) => points ? $"{(v * 100).ToString("0.0#", CultureInfo.InvariantCulture)} points" : Percent(v);
        return new TriggerReading
        {
            Trigger = trigger,
            Tripped = tripped,
            Observed = observed,
            Bound = bound,
            Threshold = margin,
            Events = events,
            Requests = trials,
            Armed = armed,
            LogEvidence = trials == 0 ? 0 : BernoulliConfidenceSequence.LogMixture(events, trials, nullRate, prior),
            Description = $"{what}: {Show(observed)} ({events} of {trials} against {referenceEvents} of {referenceTrials}), lower bound {Show(bound)} {(tripped ? "above" : "not above")} {Show(margin)}",
        };
    }

    private static TriggerReading Unarmed(GuardTrigger trigger, double threshold, string why) => new()
    {
        Trigger = trigger,
        Tripped = false,
        Observed = 0,
        Bound = 0,
        Threshold = threshold,
        Armed = false,
        Description = why,
    };

    private static string Percent(double rate) => (rate * 100).ToString("0.0##", CultureInfo.InvariantCulture) + " %";

    private static string Ms(double ms) => ms.ToString("0.###", CultureInfo.InvariantCulture);
}
