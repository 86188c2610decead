namespace Warden.Leases;

/// <summary>The outcome of <see cref="ILeaseRepository.TryAcquireAsync"/>.</summary>
/// <param name="Held">True when the caller holds the lease now.</param>
/// <param name="Lease">The lease as stored after the attempt: the caller's holding, or the other holder's.</param>
/// <param name="NewHolding">True when this attempt began a new holding (a new epoch), false for a renewal or a refusal.</param>
internal sealed record LeaseAttempt(bool Held, Lease Lease, bool NewHolding);
