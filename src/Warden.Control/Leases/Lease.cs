namespace Warden.Leases;

/// <summary>
/// A named lease in the store: who holds it, until when, and its epoch. The epoch rises by one
/// every time the lease changes hands (or is taken again after it expired), so it is a fencing
/// token: an action stamped with an older epoch is refused by the store.
/// </summary>
internal sealed record Lease
{
    /// <summary>The lease's name, e.g. <c>rollout-controller</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Who holds it (a server's holder name: host, process id and a random suffix).</summary>
    public required string Holder { get; init; }

    /// <summary>The fencing token: one higher for every new holding.</summary>
    public required long Epoch { get; init; }

    /// <summary>When this holding began.</summary>
    public required DateTimeOffset AcquiredAt { get; init; }

    /// <summary>When it lapses unless renewed.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The fence for actions taken under this lease.</summary>
    public LeaseFence Fence => new(Name, Holder, Epoch);
}
