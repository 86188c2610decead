using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Sqlite.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_NewDirectory_CreatesDatabaseAtLatestSchema()
    {
        await using var store = await OpenAsync();

        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        Assert.True(File.Exists(Path.Combine(_dir.Path, "data", "warden.db")));
        Assert.Equal("sqlite:" + Path.Combine(_dir.Path, "data", "warden.db"), store.Location);
        Assert.Equal("wal", Pragma("journal_mode"));
    }

    [Fact]
    public async Task Open_Twice_DoesNotReapplyMigrations()
    {
        (await OpenAsync()).Dispose();
        await using var store = await OpenAsync();

        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        Assert.Equal(SchemaMigrations.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Scalar("SELECT count(*) FROM schema_migrations"));
    }

    [Fact]
    public async Task Open_NewerSchema_RefusesWithoutChangingTheFile()
    {
        (await OpenAsync()).Dispose();
        Execute("PRAGMA user_version = 99");
        var before = File.ReadAllBytes(DatabasePath);

        var ex = await Assert.ThrowsAsync<StoreException>(() => OpenAsync().AsTask());

        Assert.Equal(StoreFailure.SchemaTooNew, ex.Failure);
        Assert.Contains("schema version 99, newer than this warden knows", ex.Message, StringComparison.Ordinal);
        Assert.Equal((99, SchemaMigrations.Latest), (ex.SchemaVersion, ex.SupportedSchemaVersion));
        Assert.Equal(before, File.ReadAllBytes(DatabasePath));
    }

    [Fact]
    public async Task Open_ForeignSqliteFile_IsRefused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        Execute("CREATE TABLE other (x INTEGER)");

        var ex = await Assert.ThrowsAsync<StoreException>(() => OpenAsync().AsTask());

        Assert.Equal(StoreFailure.Corrupt, ex.Failure);
        Assert.Contains("was not created by Warden", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Foreign);
        Assert.Equal("application_id 0, 1 schema objects", ex.Detail);
    }

    [Fact]
    public async Task Open_TextFileInPlaceOfDatabase_IsRefusedAsNotADatabase()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        File.WriteAllText(DatabasePath, "this is not sqlite, but it is long enough to have a header that is wrong\n");

        var ex = await Assert.ThrowsAsync<StoreException>(() => OpenAsync().AsTask());

        Assert.Equal(StoreFailure.Corrupt, ex.Failure);
        Assert.StartsWith(DatabasePath + ": not a Warden database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_OtherProcessHoldsLock_FailsAsLockedAfterTimeout()
    {
        await using var store = await OpenAsync(TimeSpan.FromSeconds(0.2));
        using var holder = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        holder.Open();
        using var held = holder.BeginTransaction(deferred: false);

        var ex = await Assert.ThrowsAsync<StoreException>(() => store.AppendAsync(Draft("registry.register", "model:ranker@v1")).AsTask());

        Assert.Equal(StoreFailure.Locked, ex.Failure);
        Assert.Contains("locked by another process", ex.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(0.2), ex.LockTimeout);
        Assert.Equal(DatabasePath, ex.Path);
        Assert.DoesNotContain("--lock-timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_RealReadOnlyFailure_SaysReadOnlyAndHowToFix()
    {
        // Tests run as root in CI, where file modes do not stop writes; a read-only connection
        // produces the same SQLITE_READONLY a read-only file or mount would.
        (await OpenAsync()).Dispose();
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit_head (id, seq, hash) VALUES (1, 1, 'x')";
        var sqlite = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        var ex = SqliteErrors.Translate(sqlite, Options());

        Assert.NotNull(ex);
        Assert.Equal(StoreFailure.ReadOnly, ex.Failure);
        Assert.StartsWith(DatabasePath + ": the database is read-only", ex.Message, StringComparison.Ordinal);
        Assert.Equal("SQLite Error 8: 'attempt to write a readonly database'", ex.Detail);
        Assert.DoesNotContain("--data-dir", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DataDirectoryIsAFile_FailsAsCannotOpen()
    {
        var blocker = _dir.File("data");
        File.WriteAllText(blocker, "a file where the data directory should be");

        var ex = await Assert.ThrowsAsync<StoreException>(() => OpenAsync().AsTask());

        Assert.Equal(StoreFailure.CannotOpen, ex.Failure);
        Assert.Contains("cannot create the data directory", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.AtDataDirectory);
        Assert.Equal(Path.Combine(_dir.Path, "data"), ex.Path);
    }

    private string DatabasePath => Path.Combine(_dir.Path, "data", "warden.db");

    private static AuditEventDraft Draft(string action, string subject) => new() { Actor = "tester", Action = action, Subject = subject };

    private SqliteStoreOptions Options(TimeSpan? lockTimeout = null) => new()
    {
        DataDirectory = Path.Combine(_dir.Path, "data"),
        Time = _time,
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(5),
    };

    private ValueTask<SqliteStore> OpenAsync() => SqliteStore.OpenAsync(Options());

    private ValueTask<SqliteStore> OpenAsync(TimeSpan lockTimeout) => SqliteStore.OpenAsync(Options(lockTimeout));

    private string? Pragma(string name) => Scalar("PRAGMA " + name);

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
