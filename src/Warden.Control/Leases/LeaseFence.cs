namespace Warden.Leases;

/// <summary>The fencing token a leader stamps on each action: the store refuses it unless this holder still holds <paramref name="Name"/> at this epoch, unexpired.</summary>
/// <param name="Name">The lease.</param>
/// <param name="Holder">Who claims to hold it.</param>
/// <param name="Epoch">The epoch of that holding.</param>
internal sealed record LeaseFence(string Name, string Holder, long Epoch);
