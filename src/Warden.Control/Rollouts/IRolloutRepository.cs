using Warden.Core.Rollouts;
using Warden.Leases;

namespace Warden.Rollouts;

/// <summary>
/// Rollouts and their history in the store (one store transaction's view). The store allows one
/// unfinished rollout per service, and writes a new state only by compare-and-set on its
/// generation and, for the controller, on its lease epoch (<see cref="LeaseFence"/>), so a
/// transition is applied once, and a leader that lost its lease cannot act.
/// </summary>
internal interface IRolloutRepository
{
    /// <summary>
    /// Stores a new rollout (its state's generation is 1) and returns it with its id, or null when
    /// the service already has an unfinished rollout (nothing is written then).
    /// </summary>
    ValueTask<StoredRollout?> AddAsync(RolloutState state, string planJson, string? evidencePath, string startedBy, CancellationToken cancellationToken);

    /// <summary>The rollout with this id, or null.</summary>
    ValueTask<StoredRollout?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The service's unfinished rollout (not promoted and baked, not rolled back), or null.</summary>
    ValueTask<StoredRollout?> ActiveAsync(string service, CancellationToken cancellationToken);

    /// <summary>Rollouts, newest first: of one service or all (<paramref name="service"/> null), only unfinished ones when <paramref name="activeOnly"/>, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<StoredRollout>> ListAsync(string? service, bool activeOnly, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="next"/> over rollout <paramref name="id"/> if its stored generation is
    /// <paramref name="expectedGeneration"/> and, when <paramref name="fence"/> is given, that lease
    /// is still held by the fence's holder at the fence's epoch and has not expired at the
    /// transaction's time. The check and the write are one statement: nothing slips in between.
    /// </summary>
    ValueTask<RolloutWrite> UpdateAsync(long id, RolloutState next, long expectedGeneration, LeaseFence? fence, CancellationToken cancellationToken);

    /// <summary>Appends one transition to the rollout's history and returns its id.</summary>
    ValueTask<long> AddEventAsync(RolloutEventRecord record, CancellationToken cancellationToken);

    /// <summary>The rollout's history, oldest first.</summary>
    ValueTask<IReadOnlyList<RolloutEventRecord>> EventsAsync(long rolloutId, CancellationToken cancellationToken);
}
