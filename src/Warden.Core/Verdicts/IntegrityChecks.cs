using System.Collections.Immutable;
using Warden.Core.Bundle;
using Warden.Core.Evidence;
using Warden.Core.Policy;

namespace Warden.Core.Verdicts;

/// <summary>
/// Provenance (Ops Commander) and integrity and environment (Infra Guardian). Neither can be
/// INCONCLUSIVE: a missing id, hash or manifest is itself the finding, and any FAIL here makes
/// the verdict REJECT.
/// </summary>
internal static class IntegrityChecks
{
    private const string ArtifactField = "artifact_sha256";

    /// <summary>PASS when every input was read and has an evidence id, and both arms have an MLflow run id when the policy requires one.</summary>
    internal static CheckResult Provenance(VerdictEvidence evidence, VerdictPolicy policy)
    {
        var requireMlflow = policy.Provenance.RequireMlflowRunId;
        var spec = new CheckSpec(
            CheckIds.Provenance,
            "Provenance",
            Dimension.Integrity,
            ReviewerRole.OpsCommander,
            requireMlflow ? "every input has an evidence id; both arms have an MLflow run id" : "every input has an evidence id");

        var missing = ImmutableArray.CreateBuilder<string>();
        if (evidence.Inputs.Count == 0)
        {
            // An empty list would pass "every input" vacuously; a decision resting on no files has no provenance.
            missing.Add("the bundle lists no input files");
        }

        foreach (var input in evidence.Inputs)
        {
            if (input.Id is null)
            {
                missing.Add(input.Problem is null
                    ? $"{input.Role} ({input.Path}): no evidence id"
                    : $"{input.Role} ({input.Path}): no evidence id ({input.Problem})");
            }
            else if (input.Problem is not null)
            {
                missing.Add($"{input.Role} ({input.Path}): {input.Problem}");
            }
        }

        if (requireMlflow)
        {
            AddMissingRunId(missing, "baseline", evidence.Baseline);
            AddMissingRunId(missing, "candidate", evidence.Candidate);
        }

        var ids = InputIds(evidence.Inputs);
        if (missing.Count > 0)
        {
            var items = missing.ToImmutable();
            return spec.Result(
                CheckStatus.Fail,
                $"{CheckText.Plural(items.Length, "provenance item")} missing: {CheckText.FirstAndMore(items)}.",
                evidence: ids,
                details: items);
        }

        var runIds = requireMlflow
            ? $", and both arms have MLflow run ids (baseline {evidence.Baseline.MlflowRunId}, candidate {evidence.Candidate.MlflowRunId})"
            : string.Empty;
        return spec.Result(
            CheckStatus.Pass,
            $"All {CheckText.Count(evidence.Inputs.Count)} inputs have evidence ids{runIds}.",
            evidence: ids);
    }

    /// <summary>
    /// FAIL on any pinned-hash mismatch, a missing or incomplete environment manifest, or an
    /// artifact hash that differs from the one the bundle declares; PASS otherwise.
    /// </summary>
    internal static CheckResult Environment(VerdictEvidence evidence)
    {
        var spec = new CheckSpec(
            CheckIds.Environment,
            "Integrity & environment",
            Dimension.Integrity,
            ReviewerRole.InfraGuardian,
            "pinned hashes match; both environment manifests complete; artifact sha256 as declared");

        var problems = ImmutableArray.CreateBuilder<string>();
        var pinned = 0;
        foreach (var input in evidence.Inputs)
        {
            if (input.PinnedSha256 is not null)
            {
                pinned++;
            }

            if (input.PinMismatch)
            {
                problems.Add($"{input.Role} ({input.Path}): pinned sha256 {CheckText.ShortHash(input.PinnedSha256)}, read {CheckText.ShortHash(input.Id?.Sha256)}");
            }
        }

        AddManifestProblems(problems, "baseline", evidence.Baseline);
        AddManifestProblems(problems, "candidate", evidence.Candidate);
        if (evidence.Registry is { } registry)
        {
            AddRegistryProblems(problems, "baseline", evidence.Baseline, registry.Baseline, registry);
            AddRegistryProblems(problems, "candidate", evidence.Candidate, registry.Candidate, registry);
        }

        var ids = InputIds(evidence.Inputs);
        if (problems.Count > 0)
        {
            var items = problems.ToImmutable();
            return spec.Result(
                CheckStatus.Fail,
                $"{CheckText.Plural(items.Length, "integrity problem")}: {CheckText.FirstAndMore(items)}.",
                evidence: ids,
                details: items);
        }

        var declared = evidence.Baseline.ExpectedArtifactSha256 is not null || evidence.Candidate.ExpectedArtifactSha256 is not null
            ? " and match the declared artifact sha256"
            : string.Empty;
        return spec.Result(
            CheckStatus.Pass,
            $"{CheckText.Count(pinned)} of {CheckText.Count(evidence.Inputs.Count)} inputs pinned, all matching; both environment manifests are complete{declared}{RegistryNote(evidence)}.",
            evidence: ids);
    }

    // A registered version whose bytes were found changed, or whose registered hash is not the
    // one the bundle (or its manifest) claims, means the evidence is about other bytes than the
    // registry pins: an integrity failure. An unregistered version is not a failure here.
    private static void AddRegistryProblems(ImmutableArray<string>.Builder problems, string arm, ArmMeasurements measurements, RegisteredArtifact? registered, RegistryFacts registry)
    {
        if (registered is null)
        {
            return;
        }

        if (registered.TamperReason is { } reason)
        {
            problems.Add($"{arm} {registry.Model} {registered.Version} is marked tampered in the registry ({reason})");
        }

        var claimed = measurements.ExpectedArtifactSha256 ?? measurements.Environment?.ArtifactSha256;
        if (claimed is not null && !string.Equals(claimed, registered.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{arm}: artifact sha256 {CheckText.ShortHash(claimed)} in the bundle, registry has {CheckText.ShortHash(registered.Sha256)} for {registry.Model} {registered.Version}");
        }
    }

    private static string RegistryNote(VerdictEvidence evidence)
    {
        if (evidence.Registry is not { } registry)
        {
            return string.Empty;
        }

        var matched = new List<string>();
        if (registry.Baseline is not null)
        {
            matched.Add("baseline");
        }

        if (registry.Candidate is not null)
        {
            matched.Add("candidate");
        }

        return matched.Count == 0
            ? $"; neither version is registered as {registry.Model} in the registry"
            : $"; registry ({registry.Model}): {string.Join(" and ", matched)} as registered, not tampered";
    }

    private static void AddMissingRunId(ImmutableArray<string>.Builder missing, string arm, ArmMeasurements measurements)
    {
        if (string.IsNullOrWhiteSpace(measurements.MlflowRunId))
        {
            missing.Add($"{arm}: no MLflow run id (provenance.require_mlflow_run_id is on)");
        }
    }

    private static void AddManifestProblems(ImmutableArray<string>.Builder problems, string arm, ArmMeasurements measurements)
    {
        if (measurements.Environment is not EnvironmentManifest manifest)
        {
            problems.Add($"{arm}: no environment manifest");
            return;
        }

        if (manifest.MissingFields.Count > 0)
        {
            problems.Add($"{arm} environment manifest: missing {string.Join(", ", manifest.MissingFields)}");
        }

        var expected = measurements.ExpectedArtifactSha256;
        if (expected is null || string.Equals(expected, manifest.ArtifactSha256, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // A manifest without the field already reports it as missing; saying "differs" too would count one fault twice.
        if (manifest.ArtifactSha256 is null && manifest.MissingFields.Contains(ArtifactField))
        {
            return;
        }

        problems.Add($"{arm}: artifact sha256 {CheckText.ShortHash(expected)} declared in the bundle, manifest says {CheckText.ShortHash(manifest.ArtifactSha256)}");
    }

    /// <summary>The inputs' evidence ids, each once, in bundle order.</summary>
    internal static ImmutableArray<EvidenceId> InputIds(IReadOnlyList<BundleInput> inputs, Func<BundleInput, bool>? include = null)
    {
        var builder = ImmutableArray.CreateBuilder<EvidenceId>();
        foreach (var input in inputs)
        {
            if (input.Id is { } id && (include is null || include(input)) && !builder.Contains(id))
            {
                builder.Add(id);
            }
        }

        return builder.ToImmutable();
    }
}
