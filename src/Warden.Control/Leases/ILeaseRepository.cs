namespace Warden.Leases;

/// <summary>
/// Leases in the store (one store transaction's view), timed by the transaction's clock
/// (<see cref="Storage.IStoreTransaction.Now"/>).
/// </summary>
internal interface ILeaseRepository
{
    /// <summary>
    /// Takes or renews lease <paramref name="name"/> for <paramref name="holder"/> until now +
    /// <paramref name="duration"/>: taken when nobody holds it or the holding expired (at or after
    /// its expiry), with the epoch one higher than the last; renewed (same epoch, later expiry)
    /// when <paramref name="holder"/> already holds it unexpired; otherwise refused and left as is.
    /// </summary>
    ValueTask<LeaseAttempt> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>The lease as stored, expired or not; null when never taken.</summary>
    ValueTask<Lease?> ReadAsync(string name, CancellationToken cancellationToken);

    /// <summary>True when <paramref name="fence"/>'s holder holds the lease at its epoch and it has not expired at the transaction's time.</summary>
    ValueTask<bool> IsCurrentAsync(LeaseFence fence, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (expires it now) if <paramref name="fence"/> is current; a graceful stop lets the next server take over at once.</summary>
    ValueTask ReleaseAsync(LeaseFence fence, CancellationToken cancellationToken);
}
