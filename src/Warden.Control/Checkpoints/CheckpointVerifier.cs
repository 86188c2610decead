using Warden.Audit;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Checkpoints;

/// <summary>
/// Verifies a rollback checkpoint: reaches and re-hashes the artifact, measures its load time
/// (the load command, or a full read of the artifact when none is given), and records the
/// result with its audit event in one transaction. A hash mismatch also marks the version tampered.
/// </summary>
internal sealed class CheckpointVerifier(IWardenStore store, CheckpointPolicy policy, TimeProvider time)
{
    /// <summary>Verifies and records; a failed checkpoint is a recorded result, not an exception.</summary>
    public async Task<CheckpointVerification> VerifyAsync(CheckpointRequest request, CancellationToken cancellationToken = default)
    {
        var registered = await store.ReadAsync(async (tx, ct) =>
        {
            var version = request.Version ?? (await tx.Registry.AliasesAsync(request.Model, ct).ConfigureAwait(false)).GetValueOrDefault(RegistryNames.Production)
                ?? throw new RegistryRefusal(
                    RefusalCodes.NoProduction,
                    $"{request.Model} has no production alias to verify; name the version (warden checkpoint verify {request.Model} VERSION) " +
                    $"or promote one first (warden registry alias {request.Model} production VERSION).");
            return await ModelRegistry.RequireAsync(tx, request.Model, version, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var started = time.GetTimestamp();
        var (digest, problem) = ArtifactHasher.TryHash(registered.ArtifactPath);
        var readSeconds = time.GetElapsedTime(started).TotalSeconds;
        var reachable = digest is not null;
        var verified = digest?.Sha256 == registered.Sha256;
        LoadMeasurement load = !verified
            ? new LoadMeasurement(null, null, problem ?? "sha256 differs from the registered one; not loaded")
            : request.Load is { } command ? await command.RunAsync(registered.ArtifactPath, cancellationToken).ConfigureAwait(false) : new LoadMeasurement(readSeconds, null, null);
        var status = policy.StatusAtVerification(reachable, verified, load.Failed, load.Seconds);

        return await store.WriteAsync(async (tx, ct) =>
        {
            var result = new CheckpointVerification
            {
                Model = registered.Model,
                Version = registered.Version,
                VerifiedAt = tx.Now,
                Actor = request.Actor,
                ArtifactPath = registered.ArtifactPath,
                Sha256 = registered.Sha256,
                Sha256Read = digest?.Sha256,
                Reachable = reachable,
                LoadTimeSeconds = load.Seconds,
                LoadCommand = request.Load?.Template,
                LoadExitCode = load.ExitCode,
                Status = status,
                Problem = load.Problem,
            };
            var id = await tx.Checkpoints.AddAsync(result, ct).ConfigureAwait(false);
            if (status == CheckpointStatus.Tampered)
            {
                await tx.Registry.MarkTamperedAsync(registered.Model, registered.Version, new TamperMark(tx.Now, digest?.Sha256, "sha256 differs (checkpoint verify)"), ct).ConfigureAwait(false);
            }

            await tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = request.Actor,
                Action = AuditActions.CheckpointVerify,
                Subject = registered.Subject,
                Payload = AuditPayload.Of(new
                {
                    Status = status,
                    registered.ArtifactPath,
                    registered.Sha256,
                    Read = digest?.Sha256,
                    Reachable = reachable,
                    LoadTimeS = load.Seconds,
                    LoadCommand = request.Load?.Template,
                    LoadExitCode = load.ExitCode,
                    Problem = load.Problem,
                }),
                Attests = status == CheckpointStatus.Tampered
                    ? [AttestedTables.Checkpoint(id), AttestedTables.Version(registered.Model, registered.Version)]
                    : [AttestedTables.Checkpoint(id)],
            }, ct).ConfigureAwait(false);
            return result;
        }, cancellationToken).ConfigureAwait(false);
    }
}
