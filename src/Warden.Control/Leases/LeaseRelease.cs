using Warden.Storage;

namespace Warden.Leases;

/// <summary>Giving a lease up when a holder stops, without letting a store failure stop it.</summary>
internal static class LeaseRelease
{
    /// <summary>
    /// Releases <paramref name="fence"/>'s lease; returns null, or why it could not (the lease then
    /// lapses on its own within its duration, so the caller logs the reason and goes on).
    /// </summary>
    public static async ValueTask<string?> TryAsync(IWardenStore store, LeaseFence fence)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            await store.WriteAsync(async (tx, ct) =>
            {
                await tx.Leases.ReleaseAsync(fence, ct).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            return null;
        }
        catch (StoreException ex)
        {
            return ex.Message;
        }
    }
}
