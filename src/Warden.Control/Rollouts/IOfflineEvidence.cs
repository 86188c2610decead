using Warden.Core.Verdicts;

namespace Warden.Rollouts;

/// <summary>The offline evidence of a rollout's plan (its evidence.yaml), collected again when the live shadow verdict is judged.</summary>
internal interface IOfflineEvidence
{
    /// <summary>The bundle's evidence with the registry's facts for <paramref name="service"/>; throws with a message for the rollout's history when the bundle cannot be read.</summary>
    ValueTask<VerdictEvidence> CollectAsync(string evidencePath, string service, CancellationToken cancellationToken);
}
