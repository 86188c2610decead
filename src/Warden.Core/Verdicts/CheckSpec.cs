using System.Collections.Immutable;
using Warden.Core.Evidence;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>
/// The fixed part of a check (id, name, dimension, owner, target) and the three questions every
/// numeric check asks before it compares an interval with a threshold: is there an estimate, does
/// it rest on enough samples, is its interval bounded. Any "no" is INCONCLUSIVE with the reason,
/// never a guess.
/// </summary>
internal sealed record CheckSpec(string Id, string Name, Dimension Dimension, ReviewerRole Reviewer, string Target)
{
    internal CheckResult Result(
        CheckStatus status,
        string reason,
        Estimate? observed = null,
        ImmutableArray<EvidenceId> evidence = default,
        ImmutableArray<string> details = default) => new()
        {
            Id = Id,
            Name = Name,
            Dimension = Dimension,
            Reviewer = Reviewer,
            Status = status,
            Observed = observed,
            Target = Target,
            Reason = reason,
            Details = details.IsDefault ? [] : details,
            Evidence = evidence.IsDefault ? (observed?.Evidence ?? []) : evidence,
        };

    internal CheckResult Missing(string what) =>
        Result(CheckStatus.Inconclusive, $"No {what} in the evidence; nothing to judge.");

    /// <summary>INCONCLUSIVE when <paramref name="samples"/> is below the policy minimum; null otherwise.</summary>
    /// <param name="estimate">The estimate that would be judged (kept as Observed so the report can show it).</param>
    /// <param name="samples">The sample count the minimum applies to.</param>
    /// <param name="minimum">The policy minimum.</param>
    /// <param name="noun">What is counted, e.g. <c>candidate requests</c>.</param>
    /// <param name="policyKey">The YAML key under <c>minimum_samples</c> to change.</param>
    /// <param name="evidence">Evidence to cite; default = the estimate's.</param>
    internal CheckResult? TooFew(
        Estimate estimate, long samples, long minimum, string noun, string policyKey,
        ImmutableArray<EvidenceId> evidence = default) =>
        samples >= minimum ? null : TooFew(estimate, $"{CheckText.Count(samples)} {noun}", minimum, policyKey, evidence);

    /// <summary>INCONCLUSIVE because of too few samples, <paramref name="counted"/> saying what there was.</summary>
    internal CheckResult TooFew(
        Estimate estimate, string counted, long minimum, string policyKey, ImmutableArray<EvidenceId> evidence = default) =>
        Result(
            CheckStatus.Inconclusive,
            $"Only {counted}, fewer than the {CheckText.Count(minimum)} the policy requires (minimum_samples.{policyKey}), so {Name} is not judged.",
            estimate,
            evidence);

    /// <summary>
    /// INCONCLUSIVE when the value or a bound is infinite or NaN (e.g. an order-statistic bound
    /// that needs more samples, a relative uplift over a zero baseline); null otherwise.
    /// </summary>
    internal CheckResult? Unbounded(Estimate estimate, Func<double, string> format, ImmutableArray<EvidenceId> evidence = default) =>
        double.IsFinite(estimate.Value) && double.IsFinite(estimate.Low) && double.IsFinite(estimate.High)
            ? null
            : Result(
                CheckStatus.Inconclusive,
                $"{Name} {format(estimate.Value)}, {CheckText.Interval(estimate, format)} is not bounded ({estimate.Method}, n = {CheckText.Count(estimate.SampleSize)}), so it cannot be compared with the target.",
                estimate,
                evidence);
}
