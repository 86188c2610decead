namespace Warden.Storage;

/// <summary>
/// Warden's state: registry, checkpoints, verdicts, telemetry windows and the audit log. Every
/// write is one transaction: the domain change and its audit event commit together or not at all.
/// The embedded default is one SQLite file (<see cref="Sqlite.SqliteStore"/>); a shared back-end
/// (PostgreSQL) implements the same interface and passes the same contract suite
/// (<c>tests/Shared/StoreContract</c>).
/// </summary>
internal interface IWardenStore : IAsyncDisposable
{
    /// <summary>Where the state lives, for messages: e.g. <c>sqlite:/srv/warden/.warden/warden.db</c>.</summary>
    string Location { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction that excludes other writers (other
    /// processes included) and commits it durably before returning. If <paramref name="work"/>
    /// throws, or <paramref name="cancellationToken"/> is cancelled before the commit, nothing it
    /// did is kept (<see cref="OperationCanceledException"/> when cancelled). Storage failures
    /// surface as <see cref="StoreException"/>.
    /// </summary>
    ValueTask<T> WriteAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> against a consistent snapshot of the last committed state; it
    /// must not write. Readers run beside each other and beside a writer: a read never waits for a
    /// write in progress.
    /// </summary>
    ValueTask<T> ReadAsync<T>(Func<IStoreTransaction, CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken = default);
}
