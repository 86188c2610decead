using System.Collections.Immutable;
using Warden.Core.Bundle;

namespace Warden.Core.Verdicts;

/// <summary>The Integration Engineer's check: the candidate's API is a drop-in replacement for the baseline's.</summary>
internal static class IntegrationChecks
{
    /// <summary>
    /// FAIL when either arm's model metadata is missing (compatibility cannot be shown without it)
    /// or when <see cref="ApiCompatibility.BreakingChanges"/> finds any change; PASS otherwise.
    /// Cites the inputs whose role is <c>metadata</c> or ends in <c>.metadata</c>.
    /// </summary>
    internal static CheckResult Api(VerdictEvidence evidence)
    {
        var spec = new CheckSpec(
            CheckIds.Api,
            "API compatibility",
            Dimension.Integration,
            ReviewerRole.IntegrationEngineer,
            "candidate accepts every baseline input and returns every baseline output (name, datatype, shape)");
        var ids = IntegrityChecks.InputIds(evidence.Inputs, IsMetadata);

        if (evidence.Baseline.Metadata is not ModelMetadata baseline || evidence.Candidate.Metadata is not ModelMetadata candidate)
        {
            var arms = (evidence.Baseline.Metadata, evidence.Candidate.Metadata) switch
            {
                (null, null) => "baseline and candidate",
                (null, _) => "baseline",
                _ => "candidate",
            };
            var missing = $"model metadata missing for {arms}";
            return spec.Result(CheckStatus.Fail, $"Compatibility cannot be shown: {missing}.", evidence: ids, details: [missing]);
        }

        ImmutableArray<string> changes = [.. ApiCompatibility.BreakingChanges(baseline, candidate)];
        if (changes.Length > 0)
        {
            return spec.Result(
                CheckStatus.Fail,
                $"{CheckText.Plural(changes.Length, "breaking API change")}: {CheckText.FirstAndMore(changes)}.",
                evidence: ids,
                details: changes);
        }

        return spec.Result(
            CheckStatus.Pass,
            $"Candidate '{candidate.Name}' accepts every baseline input ({CheckText.Count(baseline.Inputs.Count)}) and returns every baseline output ({CheckText.Count(baseline.Outputs.Count)}) by name, datatype and shape.",
            evidence: ids);
    }

    private static bool IsMetadata(BundleInput input) =>
        input.Role == "metadata" || input.Role.EndsWith(".metadata", StringComparison.Ordinal);
}
