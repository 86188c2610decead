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
    public RegistrationResult Register(Registration request)
    {
        RegistryNames.CheckName(request.Model, "model name");
        RegistryNames.CheckName(request.Version, "version");
        var (digest, problem) = ArtifactHasher.TryHash(request.ArtifactPath);
        if (digest is null)
        {
            throw new RegistryRefusal(RefusalCodes.ArtifactUnreadable, $"--artifact {request.ArtifactPath}: {problem}; nothing was registered. Give a readable file.");
        }

        return store.Write(tx =>
        {
            if (tx.Registry.Find(request.Model, request.Version) is { } existing)
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
            tx.Registry.Insert(version);
            var recorded = tx.Audit.Append(new AuditEventDraft
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
            });
            return new RegistrationResult(version, Added: true, recorded.Sequence);
        });
    }

    /// <summary>Re-hashes a version's artifact; a mismatch or a missing file marks it tampered. Both outcomes are recorded.</summary>
    public VerificationResult Verify(string model, string version, string actor)
    {
        var registered = store.Read(tx => Require(tx, model, version));
        var (digest, problem) = ArtifactHasher.TryHash(registered.ArtifactPath);
        return store.Write(tx =>
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
            var verificationId = tx.Registry.AddVerification(verification);
            if (!matched)
            {
                tx.Registry.MarkTampered(model, version, new TamperMark(tx.Now, digest?.Sha256, problem ?? "sha256 differs"));
            }

            var recorded = tx.Audit.Append(new AuditEventDraft
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
            });
            return new VerificationResult(verification, tx.Registry.Find(model, version)!, recorded.Sequence);
        });
    }

    /// <summary>Records a verdict for a deployment, with its audit event; <see cref="VerdictRecord.RecordedAt"/> becomes the transaction's time.</summary>
    public long RecordVerdict(VerdictRecord record)
    {
        RegistryNames.CheckName(record.Model, "model name");
        return store.Write(tx =>
        {
            record = record with { RecordedAt = tx.Now };
            var id = tx.Verdicts.Add(record);
            return tx.Audit.Append(new AuditEventDraft
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
            }).Sequence;
        });
    }

    /// <summary>The version, or a refusal that lists the versions that exist.</summary>
    internal static ModelVersion Require(IStoreTransaction tx, string model, string version)
    {
        if (tx.Registry.Find(model, version) is { } found)
        {
            return found;
        }

        var known = tx.Registry.Versions(model);
        throw new RegistryRefusal(known.Count == 0 ? RefusalCodes.UnknownModel : RefusalCodes.UnknownVersion, known.Count == 0
            ? $"model '{model}' has no registered versions; register one with 'warden registry add {model} VERSION --artifact PATH'."
            : $"{model} has no version '{version}'; registered versions: {string.Join(", ", known.Select(v => v.Version))}.");
    }
}
