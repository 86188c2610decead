using Warden.Audit;
using Warden.Storage;

namespace Warden.Registry;

/// <summary>
/// The registry's rules: a version's bytes never change, production moves only on a recorded GO
/// verdict (or a recorded override), a re-hash that finds other bytes marks the version tampered.
/// Every change and its audit event commit in one transaction; a refusal writes nothing.
/// </summary>
internal sealed partial class ModelRegistry(IWardenStore store)
{
    /// <summary>Registers a version; the same bytes again are a no-op, other bytes are refused.</summary>
    public async Task<RegistrationResult> RegisterAsync(Registration request, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(request.Model, "model name");
        RegistryNames.CheckName(request.Version, "version");
        var (digest, problem) = ArtifactHasher.TryHash(request.ArtifactPath);
        if (digest is null)
        {
            throw new RegistryRefusal(RefusalCodes.ArtifactUnreadable, $"--artifact {request.ArtifactPath}: {problem}; nothing was registered. Give a readable file.");
        }

        return await store.WriteAsync(async (tx, ct) =>
        {
            if (await tx.Registry.FindAsync(request.Model, request.Version, ct).ConfigureAwait(false) is { } existing)
            {
                if (existing.Sha256 == digest.Sha256)
                {
                    return new RegistrationResult(existing, Added: false, AuditSequence: null);
                }

                throw new RegistryRefusal(
                    RefusalCodes.BytesDiffer,
                    $"{request.Model} {request.Version} is already registered with sha256 {existing.Sha256} ({existing.ArtifactPath}); " +
                    $"{request.ArtifactPath} has sha256 {digest.Sha256}. A version's bytes never change: register these bytes as a new version.");
            }

            var version = new ModelVersion
            {
                Model = request.Model,
                Version = request.Version,
                ArtifactPath = request.ArtifactPath,
                Sha256 = digest.Sha256,
                SizeBytes = digest.SizeBytes,
                Lineage = request.Lineage,
                Tags = request.Tags,
                RegisteredAt = tx.Now,
                RegisteredBy = request.Actor,
            };
            await tx.Registry.InsertAsync(version, ct).ConfigureAwait(false);
            var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = request.Actor,
                Action = AuditActions.Register,
                Subject = version.Subject,
                Payload = AuditPayload.Of(new
                {
                    version.Model,
                    version.Version,
                    version.Sha256,
                    version.SizeBytes,
                    version.ArtifactPath,
                    request.Lineage.RunId,
                    request.Lineage.DataVersion,
                    request.Lineage.CodeRev,
                    EnvSha256 = request.Lineage.Environment?.Sha256,
                    version.Tags,
                }),
                Attests = [AttestedTables.Version(version.Model, version.Version)],
            }, ct).ConfigureAwait(false);
            return new RegistrationResult(version, Added: true, recorded.Sequence);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-hashes a version's artifact; a mismatch or a missing file marks it tampered. Both outcomes are recorded.</summary>
    public async Task<VerificationResult> VerifyAsync(string model, string version, string actor, CancellationToken cancellationToken = default)
    {
        var registered = await store.ReadAsync((tx, ct) => RequireAsync(tx, model, version, ct), cancellationToken).ConfigureAwait(false);
        var (digest, problem) = ArtifactHasher.TryHash(registered.ArtifactPath);
        return await store.WriteAsync(async (tx, ct) =>
        {
            var matched = digest is not null && digest.Sha256 == registered.Sha256;
            var verification = new ArtifactVerification
            {
                Model = model,
                Version = version,
                Time = tx.Now,
                Actor = actor,
                ArtifactPath = registered.ArtifactPath,
                Expected = registered.Sha256,
                Sha256Read = digest?.Sha256,
                Matched = matched,
                Problem = problem,
            };
            var verificationId = await tx.Registry.AddVerificationAsync(verification, ct).ConfigureAwait(false);
            if (!matched)
            {
                await tx.Registry.MarkTamperedAsync(model, version, new TamperMark(tx.Now, digest?.Sha256, problem ?? "sha256 differs"), ct).ConfigureAwait(false);
            }

            var recorded = await tx.Audit.AppendAsync(new AuditEventDraft
            {
                Actor = actor,
                Action = AuditActions.ArtifactVerify,
                Subject = registered.Subject,
                Payload = AuditPayload.Of(new
                {
                    Result = matched ? "match" : "tampered",
                    registered.ArtifactPath,
                    Expected = registered.Sha256,
                    Read = digest?.Sha256,
                    Problem = problem,
                }),
                Attests = [AttestedTables.ArtifactVerification(verificationId), AttestedTables.Version(model, version)],
            }, ct).ConfigureAwait(false);
            return new VerificationResult(verification, (await tx.Registry.FindAsync(model, version, ct).ConfigureAwait(false))!, recorded.Sequence);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a verdict for a deployment, with its audit event; <see cref="VerdictRecord.RecordedAt"/> becomes the transaction's time.</summary>
    public async Task<long> RecordVerdictAsync(VerdictRecord record, CancellationToken cancellationToken = default)
    {
        RegistryNames.CheckName(record.Model, "model name");
        return await store.WriteAsync((tx, ct) => RecordVerdictAsync(tx, record, ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records <paramref name="record"/> (stamped with the transaction's time) and its attesting audit event inside <paramref name="tx"/>; returns the event's sequence number.</summary>
    internal static async ValueTask<long> RecordVerdictAsync(IStoreTransaction tx, VerdictRecord record, CancellationToken cancellationToken)
    {
        record = record with { RecordedAt = tx.Now };
        var id = await tx.Verdicts.AddAsync(record, cancellationToken).ConfigureAwait(false);
        return (await tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = record.Actor,
            Action = AuditActions.VerdictRecorded,
            Subject = Subjects.Version(record.Model, record.CandidateVersion),
            DeploymentId = record.DeploymentId,
            EvidenceIds = record.EvidenceIds,
            Payload = AuditPayload.Of(new
            {
                record.Model,
                record.CandidateVersion,
                record.BaselineVersion,
                record.Outcome,
                record.ReportSha256,
            }),
            Attests = [AttestedTables.Verdict(id)],
        }, cancellationToken).ConfigureAwait(false)).Sequence;
    }

    /// <summary>The version, or a refusal that lists the versions that exist.</summary>
    internal static async ValueTask<ModelVersion> RequireAsync(IStoreTransaction tx, string model, string version, CancellationToken cancellationToken)
    {
        if (await tx.Registry.FindAsync(model, version, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        var known = await tx.Registry.VersionsAsync(model, cancellationToken).ConfigureAwait(false);
        throw new RegistryRefusal(known.Count == 0 ? RefusalCodes.UnknownModel : RefusalCodes.UnknownVersion, known.Count == 0
            ? $"model '{model}' has no registered versions; register one with 'warden registry add {model} VERSION --artifact PATH'."
            : $"{model} has no version '{version}'; registered versions: {string.Join(", ", known.Select(v => v.Version))}.");
    }
}
