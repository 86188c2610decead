using Microsoft.Data.Sqlite;

namespace Warden.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a write is on
/// disk when <see cref="Write{T}"/> returns. Writers take SQLite's write lock up front
/// (<c>BEGIN IMMEDIATE</c>), so two processes appending at once queue rather than interleave
/// or fail. One connection per store, used by one caller at a time.
/// </summary>
internal sealed class SqliteStore : IWardenStore
{
    // 'WRD1': marks the file as Warden's, so a stray SQLite file is refused instead of migrated.
    private const long ApplicationId = 0x57524431;

    private readonly SqliteStoreOptions _options;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private SqliteStore(SqliteStoreOptions options, SqliteConnection connection)
    {
        _options = options;
        _connection = connection;
    }

    /// <inheritdoc />
    public string Location => "sqlite:" + _options.DatabasePath;

    /// <summary>The schema version of the open database (after migrations).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the database and applies pending schema steps. Refuses a file
    /// that is not Warden's or whose schema is newer than this binary.
    /// </summary>
    public static SqliteStore Open(SqliteStoreOptions options)
    {
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException(
                StoreFailure.CannotOpen,
                $"{options.DataDirectory}: cannot create the data directory ({ex.Message}). Point --data-dir (or WARDEN_DATA_DIR) at a writable directory.",
                ex);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.LockTimeout.TotalSeconds)),
        }.ToString();

        var connection = new SqliteConnection(connectionString);
        var store = new SqliteStore(options, connection);
        try
        {
            store.Guard(() =>
            {
                connection.Open();
                store.Configure();
                store.SchemaVersion = SqliteMigrator.Apply(connection, options, ApplicationId);
                return 0;
            });
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return store;
    }

    /// <inheritdoc />
    public T Write<T>(Func<IStoreTransaction, T> work)
    {
        lock (_gate)
        {
            return Guard(() =>
            {
                using var transaction = _connection.BeginTransaction(deferred: false);
                using var session = new SqliteStoreTransaction(_connection, transaction, _options.Time.GetUtcNow());
                var result = work(session);
                transaction.Commit();
                return result;
            });
        }
    }

    /// <inheritdoc />
    public T Read<T>(Func<IStoreTransaction, T> work)
    {
        lock (_gate)
        {
            return Guard(() =>
            {
                using var transaction = _connection.BeginTransaction(deferred: true);
                using var session = new SqliteStoreTransaction(_connection, transaction, _options.Time.GetUtcNow());
                var result = work(session);
                transaction.Commit();
                return result;
            });
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void Configure()
    {
        using var command = _connection.CreateCommand();
        // WAL lets readers run beside one writer; synchronous=FULL fsyncs the log on every
        // commit, so an acknowledged action survives a crash or power loss right after it.
        command.CommandText =
            $"PRAGMA busy_timeout = {(long)_options.LockTimeout.TotalMilliseconds};" +
            "PRAGMA journal_mode = WAL;" +
            "PRAGMA synchronous = FULL;" +
            "PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException ex) when (SqliteErrors.Translate(ex, _options) is { } translated)
        {
            throw translated;
        }
    }
}
