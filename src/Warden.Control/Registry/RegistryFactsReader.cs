using Warden.Core.Verdicts;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>Reads what the registry knows about a verdict's two arms into the pure <see cref="RegistryFacts"/> the checks use.</summary>
internal static class RegistryFactsReader
{
    /// <summary>
    /// Registered hashes and tamper marks of both versions, and the baseline's latest checkpoint
    /// verification at or before <paramref name="asOf"/> (a verdict judges what was known then).
    /// </summary>
    public static ValueTask<RegistryFacts> ReadAsync(IWardenStore store, string model, string baselineVersion, string candidateVersion, DateTimeOffset asOf, CancellationToken cancellationToken = default) =>
        store.ReadAsync(async (tx, ct) =>
        {
            async ValueTask<RegisteredArtifact?> Artifact(string version) => await tx.Registry.FindAsync(model, version, ct).ConfigureAwait(false) is { } v
                ? new RegisteredArtifact { Version = v.Version, Sha256 = v.Sha256, TamperReason = v.Tampered?.Reason }
                : null;

            var baseline = await Artifact(baselineVersion).ConfigureAwait(false);
            var candidate = await Artifact(candidateVersion).ConfigureAwait(false);
            var checkpoint = await tx.Checkpoints.LatestOfAsync(model, baselineVersion, asOf, ct).ConfigureAwait(false);
            return new RegistryFacts
            {
                Source = store.Location,
                Model = model,
                Baseline = baseline,
                Candidate = candidate,
                Checkpoint = checkpoint is null ? null : new RegistryCheckpoint
                {
                    Version = checkpoint.Version,
                    VerifiedAt = checkpoint.VerifiedAt,
                    Sha256Verified = checkpoint.Sha256Verified,
                    Reachable = checkpoint.Reachable,
                    LoadTimeSeconds = checkpoint.Status is Checkpoints.CheckpointStatus.Failed ? null : checkpoint.LoadTimeSeconds,
                    Problem = checkpoint.Problem,
                },
            };
        }, cancellationToken);
}
