namespace Warden.Storage;

/// <summary>
/// Warden's state: registry, checkpoints, verdicts, telemetry windows and the audit log. Every
/// write is one transaction: the domain change and its audit event commit together or not at all.
/// The embedded default is one SQLite file (<see cref="Sqlite.SqliteStore"/>); a shared back-end
/// (PostgreSQL) implements the same interface.
/// </summary>
internal interface IWardenStore : IDisposable
{
    /// <summary>Where the state lives, for messages: e.g. <c>sqlite:/srv/warden/.warden/warden.db</c>.</summary>
    string Location { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction that excludes other writers (other
    /// processes included) and commits it durably before returning. If <paramref name="work"/>
    /// throws, nothing it did is kept. Storage failures surface as <see cref="StoreException"/>.
    /// </summary>
    T Write<T>(Func<IStoreTransaction, T> work);

    /// <summary>Runs <paramref name="work"/> against a consistent read snapshot; it must not write.</summary>
    T Read<T>(Func<IStoreTransaction, T> work);
}
