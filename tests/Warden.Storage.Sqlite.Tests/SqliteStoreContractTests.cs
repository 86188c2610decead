using Microsoft.Data.Sqlite;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>The store contract on a real SQLite file (WAL, synchronous=FULL) in a temporary directory.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private protected override async ValueTask<IWardenStore> CreateStoreAsync() => await SqliteStore.OpenAsync(Options());

    private protected override async ValueTask<IWardenStore> ReopenAsync() => await SqliteStore.OpenExistingAsync(Options(), readOnly: false);

    protected override ValueTask TamperAsync(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Options().DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    private SqliteStoreOptions Options() => new()
    {
        DataDirectory = Path.Combine(_dir.Path, "data"),
        Time = Time,
        LockTimeout = TimeSpan.FromSeconds(5),
    };
}
