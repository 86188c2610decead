using System.Globalization;
using Npgsql;

namespace Warden.Storage.Postgres;

/// <summary>
/// The shared store: Warden's tables in one schema of a PostgreSQL database, for several Warden
/// processes (servers, gateway replicas, the CLI) on one state. Every write transaction takes the
/// store's advisory write lock first (<see cref="WriteLock"/>), so writers from every process take
/// turns as SQLite's <c>BEGIN IMMEDIATE</c> makes them, and the audit log stays one chain. Reads
/// run in <c>REPEATABLE READ, READ ONLY</c> transactions: one snapshot of the last committed state,
/// never waiting for a writer. A commit is durable when it returns (the server's
/// <c>synchronous_commit</c>, on by default). A write that appended audit events notifies
/// <see cref="PostgresStoreOptions.AuditChannel"/> with the new head's sequence at its commit
/// (<see cref="PostgresAuditNotifications"/> listens).
/// </summary>
internal sealed partial class PostgresStore : IWardenStore, IDisposable
{
    private readonly PostgresStoreOptions _options;
    private readonly NpgsqlDataSource _dataSource;
    private readonly WriteLock _writeLock;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private PostgresStore(PostgresStoreOptions options, bool readOnly)
    {
        _options = options;
        Location = options.Location;
        _writeLock = WriteLock.For(options.Schema);
        _dataSource = NpgsqlDataSource.Create(options.Connection(readOnly));
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The schema version of the open store (after migrations).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens the store, creating its schema and tables if the database has none and applying
    /// pending schema steps. The database itself must exist. Refuses a schema that is not Warden's
    /// or is newer than this binary.
    /// </summary>
    public static async ValueTask<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken = default)
    {
        var store = new PostgresStore(options, readOnly: false);
        try
        {
            store.SchemaVersion = await store.GuardAsync(opening: true, async () =>
            {
                var connection = await store._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await PostgresMigrator.ApplyAsync(connection, options, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>
    /// Opens a store that must already exist, never creating anything: a missing database is
    /// <see cref="StoreFailure.Missing"/>, a database with no Warden schema (or an empty one)
    /// <see cref="StoreFailure.Empty"/>. With <paramref name="readOnly"/> every session is
    /// read-only on the server (writes fail as <see cref="StoreFailure.ReadOnly"/>); an older schema
    /// is then upgraded first through one writable open (which fails as read-only when the user
    /// cannot write).
    /// </summary>
    public static async ValueTask<PostgresStore> OpenExistingAsync(PostgresStoreOptions options, bool readOnly, CancellationToken cancellationToken = default)
    {
        var store = new PostgresStore(options, readOnly);
        try
        {
            var state = await store.GuardAsync(opening: false, async () =>
            {
                var connection = await store._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await PostgresMigrator.InspectAsync(connection, options, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            if (!state.SchemaExists)
            {
                throw Empty(options, $"the database has no schema '{options.Schema}'");
            }

            if (state.Objects == 0)
            {
                throw Empty(options, $"schema '{options.Schema}' holds no tables");
            }

            PostgresMigrator.Check(state, options);
            if (state.Version == PostgresSchemaMigrations.Latest)
            {
                store.SchemaVersion = state.Version;
                return store;
            }

            if (!readOnly)
            {
                store.SchemaVersion = await store.GuardAsync(opening: false, async () =>
                {
                    var connection = await store._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await using (connection.ConfigureAwait(false))
                    {
                        return await PostgresMigrator.ApplyAsync(connection, options, cancellationToken).ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
                return store;
            }

            store.Dispose();
            await UpgradeForReadingAsync(options, state.Version, cancellationToken).ConfigureAwait(false);
            return await OpenExistingAsync(options, readOnly: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>PostgreSQL's <c>lock_timeout</c> for <paramref name="timeout"/>, in milliseconds; at least 1 (0 would mean wait for ever).</summary>
    internal static string LockTimeoutSetting(TimeSpan timeout) =>
        Math.Max(1L, (long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private static StoreException Empty(PostgresStoreOptions options, string what) => new(
        StoreFailure.Empty,
        options.Location,
        $"{options.Location}: the store is empty ({what}): no Warden schema, no audit log. It was dropped or wiped, or was never set up.")
    {
        Detail = what,
    };

    private static async ValueTask UpgradeForReadingAsync(PostgresStoreOptions options, int older, CancellationToken cancellationToken)
    {
        try
        {
            (await OpenExistingAsync(options, readOnly: false, cancellationToken).ConfigureAwait(false)).Dispose();
        }
        catch (StoreException ex) when (ex.Failure == StoreFailure.ReadOnly)
        {
            throw new StoreException(
                StoreFailure.ReadOnly,
                options.Location,
                $"{options.Location}: the database has schema version {older}, older than this warden's {PostgresSchemaMigrations.Latest}, and cannot be upgraded because it is read-only.",
                ex)
            {
                SchemaVersion = older,
                SupportedSchemaVersion = PostgresSchemaMigrations.Latest,
            };
        }
    }
}
