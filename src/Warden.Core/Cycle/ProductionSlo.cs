using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>
/// The cycle's checks of what is in production, from its live traffic over the cycle's window:
/// P95 latency and error rate (the Latency Analyst) and Compliance@1 (the Compliance Monitor),
/// each against its rollback trigger — P95 above target + margin, an error rate above the limit,
/// compliance more than the guard's drop below the latest evaluation's. FAIL needs the whole
/// 95 % interval past the trigger (production breaches its SLO), PASS the whole interval short of
/// it; anything else, or too few requests, is INCONCLUSIVE. The cycle looks once per interval at
/// a fixed window, so a plain interval is the right test here (the live guard's anytime-valid
/// tests are for looking after every request).
/// </summary>
internal static class ProductionSlo
{
    /// <summary>Check id of production's live P95.</summary>
    public const string P95Id = "slo.p95";

    /// <summary>Check id of production's live error rate.</summary>
    public const string ErrorRateId = "slo.error_rate";

    /// <summary>Check id of production's live Compliance@1.</summary>
    public const string ComplianceId = "slo.compliance";

    /// <summary>The Latency Analyst's two checks of <paramref name="production"/>'s live traffic.</summary>
    public static IReadOnlyList<CheckResult> Latency(ArmTraffic production, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(production);
        ArgumentNullException.ThrowIfNull(policy);
        var latency = production.Latency.ToLogHistogram();
        var p95 = latency.Count == 0 ? null : QuantileInterval.OrderStatistic(latency, 0.95, policy.Confidence);
        return Latency(production.Requests, production.Errors, p95, policy);
    }

    /// <summary>
    /// The same two checks on counts and a P95 measured elsewhere (Prometheus' bucket counts); null
    /// <paramref name="p95"/> means no latency was measured.
    /// </summary>
    public static IReadOnlyList<CheckResult> Latency(long requests, long errors, Estimate? p95, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return [P95(requests, p95, policy), ErrorRate(requests, errors, policy)];
    }

    /// <summary>The two checks INCONCLUSIVE because the source could not measure the window: <paramref name="reason"/> says why.</summary>
    public static IReadOnlyList<CheckResult> Unmeasured(string reason, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return [.. Latency(0, 0, null, policy).Select(c => c with { Reason = $"No measurement: {reason}" })];
    }

    /// <summary>
    /// The Compliance Monitor's check: live Compliance@1 (<paramref name="ok"/> of <paramref name="judged"/>
    /// answers whose top item was compliant) against the latest evaluation's <paramref name="evaluated"/>
    /// minus the guard's drop; null <paramref name="evaluated"/> judges nothing.
    /// </summary>
    public static CheckResult Compliance(long judged, long ok, Estimate? evaluated, VerdictPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var drop = policy.Guard.ComplianceDropPoints / 100;
        var spec = new CheckSpec(
            ComplianceId, "Live Compliance@1", Dimension.Compliance, ReviewerRole.ComplianceMonitor,
            evaluated is { } e ? $"≥ {Percent(e.Value - drop)} % (evaluated {Percent(e.Value)} % − {CheckText.Number(policy.Guard.ComplianceDropPoints, CheckText.Threshold)} pts, Wilson upper)" : "≥ the latest evaluation − the guard's drop");
        if (judged == 0)
        {
            return spec.Missing("judged answer (gateway.services.SERVICE.compliance_labels judges each answer's top item)");
        }

        var live = Proportion.Wilson(ok, judged, policy.Confidence);
        if (evaluated is not { } offline)
        {
            return spec.Result(CheckStatus.Inconclusive, $"Live Compliance@1 {Percent(live.Value)} %, {CheckText.Interval(live, Percent)}, but no evaluation to compare with (cycle.services.SERVICE.evidence).", live);
        }

        var floor = offline.Value - drop;
        var head = $"Live Compliance@1 {Percent(live.Value)} %, {CheckText.Interval(live, Percent)} of {CheckText.Count(judged)} judged answers";
        return live switch
        {
            _ when live.High < floor => spec.Result(CheckStatus.Fail, $"{head}, entirely below {Percent(floor)} %.", live),
            _ when live.Low >= floor => spec.Result(CheckStatus.Pass, $"{head}, entirely at or above {Percent(floor)} %.", live),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head}, includes {Percent(floor)} %.", live),
        };
    }

    private static CheckResult P95(long requests, Estimate? measured, VerdictPolicy policy)
    {
        var trigger = policy.Latency.P95TargetMs + policy.Guard.LatencyMarginMs;
        var triggerText = $"{CheckText.Number(trigger, CheckText.Threshold)} ms";
        var spec = new CheckSpec(P95Id, "Live P95 latency", Dimension.Latency, ReviewerRole.LatencyAnalyst, $"≤ {triggerText} (target + margin, CI)");
        if (measured is not { } p95)
        {
            return spec.Missing("production request in the window");
        }

        Func<double, string> format = x => CheckText.Number(x, CheckText.OneDecimal);
        var unjudged = spec.TooFew(p95, requests, policy.MinimumSamples.Requests, "production requests", "requests") ?? spec.Unbounded(p95, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"P95 {format(p95.Value)} ms, {CheckText.Interval(p95, format)} over {CheckText.Count(requests)} requests";
        return p95 switch
        {
            _ when p95.Low > trigger => spec.Result(CheckStatus.Fail, $"{head}, entirely above {triggerText}.", p95),
            _ when p95.High <= trigger => spec.Result(CheckStatus.Pass, $"{head}, entirely at or below {triggerText}.", p95),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head}, includes {triggerText}.", p95),
        };
    }

    private static CheckResult ErrorRate(long requests, long errors, VerdictPolicy policy)
    {
        var limit = policy.ErrorRate.Limit;
        var limitText = CheckText.PercentThreshold(limit);
        var spec = new CheckSpec(ErrorRateId, "Live error rate", Dimension.Latency, ReviewerRole.LatencyAnalyst, $"≤ {limitText} (Wilson)");
        if (requests == 0)
        {
            return spec.Missing("production request in the window");
        }

        Func<double, string> format = x => CheckText.Number(x * 100, "0.00");
        var rate = Proportion.Wilson(errors, requests, policy.Confidence);
        var unjudged = spec.TooFew(rate, requests, policy.MinimumSamples.Requests, "production requests", "requests");
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"Error rate {format(rate.Value)} %, {CheckText.Interval(rate, format)}, {CheckText.Count(errors)} of {CheckText.Count(requests)} requests";
        return rate switch
        {
            _ when rate.Low > limit => spec.Result(CheckStatus.Fail, $"{head}, entirely above {limitText}.", rate),
            _ when rate.High <= limit => spec.Result(CheckStatus.Pass, $"{head}, entirely at or below {limitText}.", rate),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head}, includes {limitText}.", rate),
        };
    }

    private static string Percent(double fraction) => CheckText.Number(fraction * 100, CheckText.OneDecimal);
}
