using System.Data;
using System.Globalization;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>Transactions of the PostgreSQL store.</summary>
internal sealed partial class PostgresStore
{
    private int _disposed;

    /// <inheritdoc />
    public async ValueTask<T> WriteAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // This process's writers queue here, on an async lock that honours cancellation, each
        // holding one connection; other processes' writers queue on the advisory lock.
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GuardAsync(opening: false, async () =>
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    // READ COMMITTED, not a snapshot: each statement sees every commit made before it,
                    // so once the lock is ours the head read next is the last writer's. A REPEATABLE
                    // READ snapshot would be taken by the lock statement itself, before the wait ended,
                    // and would chain to a stale head.
                    var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await TakeWriteLockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                        // The time is read once the lock is held, so times follow the chain's order.
                        var session = new PostgresStoreTransaction(connection, transaction, _options.Time.GetUtcNow());
                        var result = await work(session, cancellationToken).ConfigureAwait(false);
                        // Cancelled before the commit: the transaction rolls back as it is disposed; nothing is kept.
                        cancellationToken.ThrowIfCancellationRequested();
                        if (session.AppendedHead is { } head)
                        {
                            await NotifyAsync(session, head, cancellationToken).ConfigureAwait(false);
                        }

                        // Not cancellable: once sent, a commit's outcome must be known.
                        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                        return result;
                    }
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<T> ReadAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        return await GuardAsync(opening: false, async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
                    {
                        await readOnly.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    var session = new PostgresStoreTransaction(connection, transaction, _options.Time.GetUtcNow());
                    var result = await work(session, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    return result;
                }
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _dataSource.Dispose();
        _writeGate.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask TakeWriteLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // lock_timeout bounds the wait (SQLSTATE 55P03 when it runs out: StoreFailure.Locked);
        // cancelling the token cancels the wait on the server.
        await using var command = new NpgsqlCommand(
            "SELECT set_config('lock_timeout', @timeout, true); SELECT pg_advisory_xact_lock(@space, @key)", connection, transaction);
        PostgresValues.Add(command, "timeout", LockTimeoutSetting(_options.LockTimeout));
        PostgresValues.AddInt32(command, "space", _writeLock.Space);
        PostgresValues.AddInt32(command, "key", _writeLock.Key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask NotifyAsync(PostgresStoreTransaction session, long head, CancellationToken cancellationToken)
    {
        // A NOTIFY inside the transaction is delivered at its commit, and never if it rolls back.
        await using var command = session.Command("SELECT pg_notify(@channel, @head)");
        PostgresValues.Add(command, "channel", _options.AuditChannel);
        PostgresValues.Add(command, "head", head.ToString(CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<T> GuardAsync<T>(bool opening, Func<ValueTask<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (PostgresErrors.Translate(ex, _options, opening) is { } translated)
        {
            throw translated;
        }
    }
}
