using Npgsql;
using Warden.Leases;
using static Warden.Storage.Postgres.PostgresValues;

namespace Warden.Storage.Postgres;

/// <summary>
/// <see cref="ILeaseRepository"/> over <c>leases</c>. Expiry times are fixed-width UTC text to the
/// tick (<see cref="PostgresValues.Time(DateTimeOffset)"/>), so comparing them as text is comparing
/// them as times; a holding is current while <c>expires_at &gt; now</c>, and expired at its expiry.
/// </summary>
internal sealed class PostgresLeases(PostgresStoreTransaction tx) : ILeaseRepository
{
    /// <summary>
    /// The condition "the fence is current": a row of <c>leases</c> matching <c>@lease</c>,
    /// <c>@holder</c> and <c>@epoch</c> that has not expired at <c>@now</c>. Shared with the rollout
    /// write, which checks it in the same statement as its own compare-and-set.
    /// </summary>
    public const string FenceIsCurrent = "name = @lease AND holder = @holder AND epoch = @epoch AND expires_at > @now";

    private const string Columns = "name, holder, epoch, acquired_at, expires_at";

    /// <inheritdoc />
    public async ValueTask<LeaseAttempt> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = tx.Now;
        // Read, decide, write: a write transaction holds the store's write lock from its start, so
        // nobody changes the row in between.
        var current = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (current is not null && current.ExpiresAt > now && current.Holder != holder)
        {
            return new LeaseAttempt(Held: false, current, NewHolding: false);
        }

        var renewal = current is not null && current.ExpiresAt > now;
        var lease = new Lease
        {
            Name = name,
            Holder = holder,
            Epoch = renewal ? current!.Epoch : (current?.Epoch ?? 0) + 1,
            AcquiredAt = renewal ? current!.AcquiredAt : now,
            ExpiresAt = now + duration,
        };
        await using var command = tx.Command(
            $"INSERT INTO leases ({Columns}) VALUES (@name, @holder, @epoch, @acquired, @expires) " +
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, epoch = excluded.epoch, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at");
        Add(command, "name", lease.Name);
        Add(command, "holder", lease.Holder);
        Add(command, "epoch", lease.Epoch);
        Add(command, "acquired", Time(lease.AcquiredAt));
        Add(command, "expires", Time(lease.ExpiresAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new LeaseAttempt(Held: true, lease, NewHolding: !renewal);
    }

    /// <inheritdoc />
    public async ValueTask<Lease?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT {Columns} FROM leases WHERE name = @name");
        Add(command, "name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new Lease
        {
            Name = reader.GetString(0),
            Holder = reader.GetString(1),
            Epoch = reader.GetInt64(2),
            AcquiredAt = Time(reader, 3),
            ExpiresAt = Time(reader, 4),
        };
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsCurrentAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        await using var command = tx.Command($"SELECT EXISTS (SELECT 1 FROM leases WHERE {FenceIsCurrent})");
        AddFence(command, fence, tx.Now);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(LeaseFence fence, CancellationToken cancellationToken)
    {
        // Expired at now: the next TryAcquireAsync, at this instant or later, takes it with a new epoch.
        await using var command = tx.Command($"UPDATE leases SET expires_at = @now WHERE {FenceIsCurrent}");
        AddFence(command, fence, tx.Now);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the parameters of <see cref="FenceIsCurrent"/>.</summary>
    public static void AddFence(NpgsqlCommand command, LeaseFence fence, DateTimeOffset now)
    {
        Add(command, "lease", fence.Name);
        Add(command, "holder", fence.Holder);
        Add(command, "epoch", fence.Epoch);
        Add(command, "now", Time(now));
    }
}
