using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a write is on
/// disk when <see cref="WriteAsync{T}"/> returns. Writes share one connection, taken in turn under
/// an async lock, and take SQLite's write lock up front (<c>BEGIN IMMEDIATE</c>), so two processes
/// appending at once queue rather than interleave or fail. Reads get connections of their own
/// (read-only mode): WAL lets them read the last committed state while a write is in progress, so
/// a read never waits for this process's writer.
/// </summary>
internal sealed partial class SqliteStore : IWardenStore, IDisposable
{
    // 'WRD1': marks the file as Warden's, so a stray SQLite file is refused instead of migrated.
    private const long ApplicationId = 0x57524431;

    private readonly SqliteStoreOptions _options;
    private readonly SqliteConnection _connection;
    private readonly string _readerConnectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];

    private SqliteStore(SqliteStoreOptions options, SqliteConnection connection, string readerConnectionString)
    {
        _options = options;
        _connection = connection;
        _readerConnectionString = readerConnectionString;
    }

    /// <inheritdoc />
    public string Location => "sqlite:" + _options.DatabasePath;

    /// <summary>The schema version of the open database (after migrations).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the database and applies pending schema steps. Refuses a file
    /// that is not Warden's or whose schema is newer than this binary.
    /// </summary>
    public static ValueTask<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken = default)
    {
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException(
                StoreFailure.CannotOpen,
                options.DataDirectory,
                $"{options.DataDirectory}: cannot create the data directory ({ex.Message}).",
                ex)
            {
                AtDataDirectory = true,
                Detail = ex.Message,
            };
        }

        return OpenFileAsync(options, SqliteOpenMode.ReadWriteCreate, immutable: false, cancellationToken);
    }

    /// <summary>
    /// Opens a database that must already exist, never creating the directory or the file: a
    /// missing file is <see cref="StoreFailure.Missing"/>, a 0-byte one or one with no Warden schema
    /// <see cref="StoreFailure.Empty"/>. With <paramref name="readOnly"/> the connection is SQLite's
    /// read-only mode, so reading works on a read-only file or mount; an older schema is then
    /// upgraded first through one writable open (which fails as read-only when it cannot write).
    /// </summary>
    public static async ValueTask<SqliteStore> OpenExistingAsync(SqliteStoreOptions options, bool readOnly, CancellationToken cancellationToken = default)
    {
        var path = options.DatabasePath;
        if (!File.Exists(path))
        {
            var directoryMissing = !Directory.Exists(options.DataDirectory);
            throw new StoreException(
                StoreFailure.Missing,
                path,
                $"{path}: no Warden database here{(directoryMissing ? " (the directory does not exist either)" : string.Empty)}; a store that must exist is never created.")
            {
                DirectoryMissing = directoryMissing,
            };
        }

        if (new FileInfo(path).Length == 0)
        {
            throw Empty(options, "the file is 0 bytes");
        }

        if (!readOnly)
        {
            return await OpenFileAsync(options, SqliteOpenMode.ReadWrite, immutable: false, cancellationToken).ConfigureAwait(false);
        }

        var store = await OpenReadOnlyAsync(options, cancellationToken).ConfigureAwait(false);
        if (store.SchemaVersion == SchemaMigrations.Latest)
        {
            return store;
        }

        var older = store.SchemaVersion;
        store.Dispose();
        try
        {
            (await OpenFileAsync(options, SqliteOpenMode.ReadWrite, immutable: false, cancellationToken).ConfigureAwait(false)).Dispose();
        }
        catch (StoreException ex) when (ex.Failure == StoreFailure.ReadOnly)
        {
            throw new StoreException(
                StoreFailure.ReadOnly,
                path,
                $"{path}: the database has schema version {older}, older than this warden's {SchemaMigrations.Latest}, and cannot be upgraded because it is read-only.",
                ex)
            {
                SchemaVersion = older,
                SupportedSchemaVersion = SchemaMigrations.Latest,
            };
        }

        return await OpenReadOnlyAsync(options, cancellationToken).ConfigureAwait(false);
    }

    internal static StoreException Empty(SqliteStoreOptions options, string what) => new(
        StoreFailure.Empty,
        options.DatabasePath,
        $"{options.DatabasePath}: the database is empty ({what}): no Warden schema, no audit log. It was truncated or wiped, or is not Warden's.")
    {
        Detail = what,
    };

    private static async ValueTask<SqliteStore> OpenReadOnlyAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenFileAsync(options, SqliteOpenMode.ReadOnly, immutable: false, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException ex) when (ex.Failure is StoreFailure.CannotOpen or StoreFailure.ReadOnly && !HasWalContent(options))
        {
            // A read-only directory or mount: a WAL reader needs the -shm file opened read-write
            // (or created), which fails there. With nothing in the -wal to miss, the file alone is
            // the whole database and is read as immutable. With -wal content this stays an error:
            // the newest commits live there and reading without them would show an older log.
            return await OpenFileAsync(options, SqliteOpenMode.ReadOnly, immutable: true, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool HasWalContent(SqliteStoreOptions options)
    {
        var wal = new FileInfo(options.DatabasePath + "-wal");
        return wal.Exists && wal.Length > 0;
    }

    private static async ValueTask<SqliteStore> OpenFileAsync(SqliteStoreOptions options, SqliteOpenMode mode, bool immutable, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? new Uri(options.DatabasePath).AbsoluteUri + "?immutable=1" : options.DatabasePath,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.LockTimeout.TotalSeconds)),
        };
        var connectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadOnly;

        var connection = new SqliteConnection(connectionString);
        var store = new SqliteStore(options, connection, builder.ToString());
        try
        {
            await store.GuardAsync(connection, async () =>
            {
                connection.Open();
                Configure(connection, options, writable: mode != SqliteOpenMode.ReadOnly);
                store.SchemaVersion = mode switch
                {
                    SqliteOpenMode.ReadWriteCreate => await SqliteMigrator.ApplyAsync(connection, options, ApplicationId, cancellationToken).ConfigureAwait(false),
                    // An existing file with no Warden schema at all is an empty store, not one to create.
                    _ when SqliteMigrator.IsBlank(connection) => throw Empty(options, "no Warden schema"),
                    SqliteOpenMode.ReadOnly => SqliteMigrator.Inspect(connection, options, ApplicationId),
                    _ => await SqliteMigrator.ApplyAsync(connection, options, ApplicationId, cancellationToken).ConfigureAwait(false),
                };
                return 0;
            }).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    private static void Configure(SqliteConnection connection, SqliteStoreOptions options, bool writable)
    {
        using var command = connection.CreateCommand();
        // WAL lets readers run beside one writer; synchronous=FULL fsyncs the log on every
        // commit, so an acknowledged action survives a crash or power loss right after it.
        // A read-only connection changes neither (the file is already in WAL mode).
        command.CommandText =
            $"PRAGMA busy_timeout = {(long)options.LockTimeout.TotalMilliseconds};" +
            (writable ? "PRAGMA journal_mode = WAL;PRAGMA synchronous = FULL;" : string.Empty) +
            "PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }
}
