using Npgsql;
using Warden.Storage;
using Warden.Storage.Postgres;
using Warden.Storage.Sqlite;

namespace Warden.Benchmarks;

/// <summary>
/// A fresh, empty store of one kind for one benchmark case or iteration, removed with everything in
/// it on dispose: <c>sqlite</c> is a new temporary data directory (WAL, <c>synchronous=FULL</c>);
/// <c>postgres</c> is a new schema <c>bench_GUID</c> in the database that
/// <see cref="PostgresVariable"/> names (a store URL, password from <c>PGPASSWORD</c>), dropped
/// with <c>DROP SCHEMA ... CASCADE</c>. The PostgreSQL figures are durable only when that server
/// runs with <c>fsync=on</c> and <c>synchronous_commit=on</c> (its defaults; bench/store.sh starts
/// one so): <see cref="CreateAsync"/> refuses a server that runs without either.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    /// <summary>The environment variable naming the benchmark's PostgreSQL server.</summary>
    public const string PostgresVariable = "WARDEN_BENCH_POSTGRES";

    private readonly string? _directory;
    private readonly PostgresStoreOptions? _postgres;

    private BenchStore(string? directory, PostgresStoreOptions? postgres, string address)
    {
        _directory = directory;
        _postgres = postgres;
        Address = address;
    }

    /// <summary>The store as <c>--store</c> takes it: <c>sqlite:DIR</c> or <c>postgres://USER@HOST:PORT/DB?schema=...</c> (no password).</summary>
    public string Address { get; }

    /// <summary>The SQLite data directory, or null for a PostgreSQL schema.</summary>
    public string? DataDirectory => _directory;

    /// <summary>A new empty store of <paramref name="kind"/> (<c>sqlite</c> or <c>postgres</c>); its tables are created by the first <see cref="OpenAsync"/>.</summary>
    public static async ValueTask<BenchStore> CreateAsync(string kind)
    {
        switch (kind)
        {
            case "sqlite":
                var directory = Directory.CreateTempSubdirectory("warden-bench-store-").FullName;
                return new BenchStore(directory, null, "sqlite:" + directory);
            case "postgres":
                var url = Environment.GetEnvironmentVariable(PostgresVariable);
                if (string.IsNullOrWhiteSpace(url))
                {
                    throw new InvalidOperationException(
                        $"{PostgresVariable} is not set: the postgres cases need a PostgreSQL server. Run bench/store.sh (it starts a private durable one), " +
                        $"or set {PostgresVariable} to a store URL (postgres://USER@127.0.0.1:PORT/DATABASE, password in PGPASSWORD).");
                }

                var server = PostgresStoreUrl.Parse(url);
                var options = new PostgresStoreOptions { ConnectionString = server.ConnectionString, Schema = "bench_" + Guid.NewGuid().ToString("N") };
                await RequireDurableAsync(options);
                return new BenchStore(null, options, $"{server.Location.Split('?')[0]}?schema={options.Schema}");
            default:
                throw new ArgumentException($"store kind '{kind}' is neither sqlite nor postgres", nameof(kind));
        }
    }

    /// <summary>Opens a store on this one's data (one more connection pool, as another process would have).</summary>
    public async ValueTask<IWardenStore> OpenAsync() => _postgres is { } options
        ? await PostgresStore.OpenAsync(options)
        : await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _directory! });

    /// <summary>Removes the store: the directory, or the schema with every table in it. Close every store opened on it first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_postgres is { } options)
        {
            await using var connection = await OpenServerAsync(options);
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {options.Schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            Directory.Delete(_directory!, recursive: true);
        }
    }

    // A durable-append benchmark on a server that does not fsync would measure a different thing.
    private static async ValueTask RequireDurableAsync(PostgresStoreOptions options)
    {
        await using var connection = await OpenServerAsync(options);
        foreach (var setting in new[] { "fsync", "synchronous_commit" })
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            var value = (string?)await show.ExecuteScalarAsync();
            if (value != "on")
            {
                throw new InvalidOperationException(
                    $"the benchmark server {options.Location} runs with {setting}={value}: its commits are not durable as SQLite's are. Start it with {setting}=on (the default), as bench/store.sh does.");
            }
        }
    }

    private static async ValueTask<NpgsqlConnection> OpenServerAsync(PostgresStoreOptions options)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
