using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>
/// Transactions of the SQLite store. Microsoft.Data.Sqlite's *Async methods run synchronously
/// underneath (SQLite is an in-process library with blocking file I/O); that is fine here: the
/// port is asynchronous for back-ends that talk to a server, and what must not block — waiting for
/// this process's other writer — waits on an async lock that honours cancellation.
/// </summary>
internal sealed partial class SqliteStore
{
    private int _disposed;

    /// <inheritdoc />
    public async ValueTask<T> WriteAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await GuardAsync(_connection, async () =>
            {
                // BEGIN IMMEDIATE takes SQLite's write lock now; another process's lock is waited
                // for (up to the lock timeout) inside SQLite, synchronously.
                using var transaction = _connection.BeginTransaction(deferred: false);
                using var session = new SqliteStoreTransaction(_connection, transaction, _options.Time.GetUtcNow());
                var result = await work(session, cancellationToken).ConfigureAwait(false);
                // Cancelled before the commit: the transaction rolls back as it is disposed; nothing is kept.
                cancellationToken.ThrowIfCancellationRequested();
                transaction.Commit();
                return result;
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
        var connection = _idleReaders.TryTake(out var idle) ? idle : await OpenReaderAsync().ConfigureAwait(false);
        try
        {
            var result = await GuardAsync(connection, async () =>
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                using var session = new SqliteStoreTransaction(connection, transaction, _options.Time.GetUtcNow());
                var result = await work(session, cancellationToken).ConfigureAwait(false);
                transaction.Commit();
                return result;
            }).ConfigureAwait(false);
            _idleReaders.Add(connection);
            return result;
        }
        catch
        {
            // A failed read may leave the connection in any state: do not hand it out again.
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.Dispose();
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writeGate.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<SqliteConnection> OpenReaderAsync()
    {
        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await GuardAsync(connection, () =>
            {
                connection.Open();
                Configure(connection, _options, writable: false);
                return ValueTask.FromResult(0);
            }).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private async ValueTask<T> GuardAsync<T>(SqliteConnection connection, Func<ValueTask<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteErrors.Translate(ex, _options, SqliteErrors.SystemErrno(connection)) is { } translated)
        {
            throw translated;
        }
    }
}
