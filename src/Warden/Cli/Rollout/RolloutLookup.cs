using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli.Rollout;

/// <summary>Which rollout a reading command shows: the service's latest, or the one <c>--id</c> names.</summary>
internal static class RolloutLookup
{
    /// <summary>The rollout, or a <see cref="RolloutRefusal"/> that says what exists and what to type.</summary>
    public static async ValueTask<StoredRollout> FindAsync(IStoreTransaction tx, string service, long? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        RegistryNames.CheckName(service, "service");
        if (id is { } wanted)
        {
            var found = await tx.Rollouts.FindAsync(wanted, cancellationToken).ConfigureAwait(false)
                ?? throw new RolloutRefusal($"there is no rollout {wanted}; 'warden rollout list --all' shows every rollout with its id.", notFound: true);
            return found.State.Service == service
                ? found
                : throw new RolloutRefusal($"rollout {wanted} is of service {found.State.Service}, not {service}; run 'warden rollout history {found.State.Service} --id {wanted}', or 'warden rollout list {service} --all' for the ids of {service}'s rollouts.", notFound: true);
        }

        var latest = await tx.Rollouts.ListAsync(service, activeOnly: false, 1, cancellationToken).ConfigureAwait(false);
        return latest.Count > 0
            ? latest[0]
            : throw new RolloutRefusal($"{service} has no rollout yet; start one with 'warden rollout start {service} VERSION'.", notFound: true);
    }
}
