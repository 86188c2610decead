using Warden.Core.Policy;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>The Latency Analyst's checks: P95, P95 drift, error rate (latency) and throughput.</summary>
internal static class LatencyChecks
{
    private const string RequestsKey = "requests";

    /// <summary>PASS when the P95 interval is entirely below the target, FAIL when entirely above it.</summary>
    internal static CheckResult P95(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var target = policy.Latency.P95TargetMs;
        var targetText = $"{CheckText.Number(target, CheckText.Threshold)} ms";
        var spec = new CheckSpec(CheckIds.P95, "P95 latency", Dimension.Latency, ReviewerRole.LatencyAnalyst, $"< {targetText} (CI upper)");
        if (evidence.Candidate.P95 is not { } p95)
        {
            return spec.Missing("candidate P95 latency");
        }

        Func<double, string> format = x => CheckText.Number(x, CheckText.OneDecimal);
        var unjudged = spec.TooFew(p95, evidence.Candidate.Requests, policy.MinimumSamples.Requests, "candidate requests", RequestsKey)
            ?? spec.Unbounded(p95, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"P95 {format(p95.Value)} ms, {CheckText.Interval(p95, format)}";
        return p95 switch
        {
            _ when p95.High < target => spec.Result(CheckStatus.Pass, $"{head} entirely below the {targetText} target.", p95),
            _ when p95.Low > target => spec.Result(CheckStatus.Fail, $"{head} entirely above the {targetText} target.", p95),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head} includes the {targetText} target.", p95),
        };
    }

    /// <summary>
    /// PASS when the upper bound of the P95 increase over the baseline is within the limit, FAIL
    /// when even the lower bound exceeds it. Both arms need the minimum requests: a drift is only
    /// as trustworthy as the thinner arm.
    /// </summary>
    internal static CheckResult P95Drift(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var limit = policy.Latency.P95DriftLimitMs;
        var limitText = $"{CheckText.Signed(limit, CheckText.Threshold)} ms";
        var spec = new CheckSpec(
            CheckIds.P95Drift, "P95 drift vs baseline", Dimension.Latency, ReviewerRole.LatencyAnalyst, $"≤ {limitText} (CI upper of Δ)");
        if (evidence.P95Drift is not { } drift)
        {
            return spec.Missing("P95 drift (candidate − baseline)");
        }

        var minimum = policy.MinimumSamples.Requests;
        var baselineShort = evidence.Baseline.Requests < minimum;
        var candidateShort = evidence.Candidate.Requests < minimum;
        if (baselineShort || candidateShort)
        {
            var counted = (baselineShort, candidateShort) switch
            {
                (true, true) => $"{CheckText.Count(evidence.Baseline.Requests)} baseline and {CheckText.Count(evidence.Candidate.Requests)} candidate requests",
                (true, false) => $"{CheckText.Count(evidence.Baseline.Requests)} baseline requests",
                _ => $"{CheckText.Count(evidence.Candidate.Requests)} candidate requests",
            };
            return spec.TooFew(drift, counted, minimum, RequestsKey);
        }

        Func<double, string> format = x => CheckText.Signed(x, CheckText.OneDecimal);
        if (spec.Unbounded(drift, format) is { } unbounded)
        {
            return unbounded;
        }

        var head = $"P95 drift {format(drift.Value)} ms vs baseline, {CheckText.Interval(drift, format)}";
        return drift switch
        {
            _ when drift.High <= limit => spec.Result(CheckStatus.Pass, $"{head}, upper bound within the {limitText} limit.", drift),
            _ when drift.Low > limit => spec.Result(CheckStatus.Fail, $"{head} entirely above the {limitText} limit.", drift),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head} includes the {limitText} limit.", drift),
        };
    }

    /// <summary>PASS when the Wilson upper bound is below the limit, FAIL when the lower bound is above it.</summary>
    internal static CheckResult ErrorRate(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var limit = policy.ErrorRate.Limit;
        var limitText = CheckText.PercentThreshold(limit);
        var spec = new CheckSpec(CheckIds.ErrorRate, "Error rate", Dimension.Latency, ReviewerRole.LatencyAnalyst, $"< {limitText} (Wilson upper)");
        if (evidence.Candidate.ErrorRate is not { } rate)
        {
            return spec.Missing("candidate error rate");
        }

        Func<double, string> format = x => CheckText.Number(x * 100, "0.00");
        var unjudged = spec.TooFew(rate, evidence.Candidate.Requests, policy.MinimumSamples.Requests, "candidate requests", RequestsKey)
            ?? spec.Unbounded(rate, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"Error rate {format(rate.Value)} %, {CheckText.Interval(rate, format)}";
        return rate switch
        {
            _ when rate.High < limit => spec.Result(CheckStatus.Pass, $"{head} entirely below the {limitText} limit.", rate),
            _ when rate.Low > limit => spec.Result(CheckStatus.Fail, $"{head} entirely above the {limitText} limit.", rate),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head} includes the {limitText} limit.", rate),
        };
    }

    /// <summary>PASS when the lower bound reaches the target, FAIL when the upper bound is below it.</summary>
    internal static CheckResult Throughput(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var target = policy.Throughput.TargetRps;
        var targetText = $"{CheckText.Number(target, CheckText.Threshold)} req/s";
        var spec = new CheckSpec(CheckIds.Throughput, "Throughput", Dimension.Throughput, ReviewerRole.LatencyAnalyst, $"≥ {targetText} (CI lower)");
        if (evidence.Candidate.Throughput is not { } throughput)
        {
            return spec.Missing("candidate throughput");
        }

        Func<double, string> format = x => CheckText.Number(x, CheckText.OneDecimal);
        var unjudged = spec.TooFew(throughput, evidence.Candidate.Requests, policy.MinimumSamples.Requests, "candidate requests", RequestsKey)
            ?? spec.Unbounded(throughput, format);
        if (unjudged is not null)
        {
            return unjudged;
        }

        var head = $"Throughput {format(throughput.Value)} req/s, {CheckText.Interval(throughput, format)}";
        return throughput switch
        {
            _ when throughput.Low >= target => spec.Result(CheckStatus.Pass, $"{head}, lower bound at or above the {targetText} target.", throughput),
            _ when throughput.High < target => spec.Result(CheckStatus.Fail, $"{head} entirely below the {targetText} target.", throughput),
            _ => spec.Result(CheckStatus.Inconclusive, $"{head} includes the {targetText} target.", throughput),
        };
    }
}
