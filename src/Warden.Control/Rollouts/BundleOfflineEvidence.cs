using Warden.Core.Bundle;
using Warden.Core.Policy;
using Warden.Core.Verdicts;
using Warden.Evidence;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Rollouts;

/// <summary>
/// <see cref="IOfflineEvidence"/> from an evidence.yaml on disk, collected as <c>warden verdict</c>
/// collects it (the same loader, collector and registry facts), so the live verdict and the offline
/// one read the same files the same way.
/// </summary>
internal sealed class BundleOfflineEvidence(IWardenStore store, VerdictPolicy policy, TimeProvider time) : IOfflineEvidence
{
    /// <inheritdoc />
    public async ValueTask<VerdictEvidence> CollectAsync(string evidencePath, string service, CancellationToken cancellationToken)
    {
        EvidenceBundle bundle;
        using (var reader = new StreamReader(evidencePath))
        {
            var loaded = BundleLoader.Load(reader, evidencePath);
            if (loaded.Errors.Count > 0 || loaded.Bundle is null)
            {
                throw new BundleInputException($"{evidencePath}: {loaded.Errors.Count} problem(s) in the evidence bundle: {string.Join("; ", loaded.Errors.Select(e => e.ToString()))}");
            }

            bundle = loaded.Bundle;
        }

        // The registry's facts (checkpoint verifications, artifact integrity) as of now, not as of
        // the bundle: the live verdict judges today's rollback target, not the one of the bundle's day.
        var evidence = BundleCollector.Collect(bundle, evidencePath, policy, time);
        return evidence with
        {
            Registry = await RegistryFactsReader.ReadAsync(store, service, bundle.Baseline.Version, bundle.Candidate.Version, time.GetUtcNow(), cancellationToken).ConfigureAwait(false),
        };
    }
}
