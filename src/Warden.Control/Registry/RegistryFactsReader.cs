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
    public static RegistryFacts Read(IWardenStore store, string model, string baselineVersion, string candidateVersion, DateTimeOffset asOf) =>
        store.Read(tx =>
        {
            RegisteredArtifact? Artifact(string version) => tx.Registry.Find(model, version) is { } v
                ? new RegisteredArtifact { Version = v.Version, Sha256 = v.Sha256, TamperReason = v.Tampered?.Reason }
                : null;

            var checkpoint = tx.Checkpoints.LatestOf(model, baselineVersion, asOf);
            return new RegistryFacts
            {
                Source = store.Location,
                Model = model,
                Baseline = Artifact(baselineVersion),
                Candidate = Artifact(candidateVersion),
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
        });
}
