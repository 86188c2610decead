using Warden.Audit;
using Warden.Core.Verdicts;
using Warden.Drills;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>Reads what the registry knows about a verdict's two arms into the pure <see cref="RegistryFacts"/> the checks use.</summary>
internal static class RegistryFactsReader
{
    /// <summary>
    /// Registered hashes and tamper marks of both versions, the baseline's latest checkpoint
    /// verification and the model's latest fault drill at or before <paramref name="asOf"/> (a
    /// verdict judges what was known then).
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
            var drill = await DrillRecords.LatestFaultRunAsync(tx, model, asOf, ct).ConfigureAwait(false);
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
                Drill = drill is not { } d ? null : new RegistryDrill
                {
                    RunId = d.Run.RunId,
                    Fault = d.Run.Fault!,
                    RanAt = d.Run.StartedAt,
                    Passed = d.Run.Success,
                    RtoSeconds = d.Run.RtoSeconds,
                    RpoSeconds = d.Run.RpoSeconds,
                    Problem = d.Run.Problem,
                    Evidence = d.Run.Evidence,
                    AuditEvent = d.Event.Id,

                    // The event is its own attestation: its stored hash must be the hash of what it
                    // holds (a rewritten payload shows here; 'warden audit verify' checks the links).
                    NotVouched = AuditHash.Compute(d.Event) == d.Event.Hash ? null : $"the hash of audit event {d.Event.Id} does not match its content",
                },
            };
        }, cancellationToken);
}
