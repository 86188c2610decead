using Npgsql;
using Warden.Storage.Postgres;

namespace Warden.Storage.Postgres.Tests;

/// <summary>
/// A fresh schema of its own in the test PostgreSQL database named by <c>WARDEN_TEST_POSTGRES</c>
/// (a store URL or an Npgsql connection string; test.sh starts a private server and sets it),
/// dropped with everything in it on dispose. One schema per test keeps tests apart while they run
/// side by side, and costs one CREATE SCHEMA instead of a CREATE DATABASE.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    /// <summary>The environment variable naming the test server.</summary>
    public const string Variable = "WARDEN_TEST_POSTGRES";

    public TestDatabase()
    {
        ConnectionString = ServerConnectionString();
        Schema = "t_" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The test server's connection string (password included when the variable or PGPASSWORD gives one).</summary>
    public string ConnectionString { get; }

    /// <summary>This test's schema (not created until a store opens it).</summary>
    public string Schema { get; }

    /// <summary>The test server's connection string; fails the test with what to do when the variable is missing (no test is skipped).</summary>
    public static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: these tests need a PostgreSQL server. Run ./test.sh (it starts a private one on 127.0.0.1:15432), " +
                $"or set {Variable} to a store URL (postgres://USER@127.0.0.1:PORT/DATABASE, password in PGPASSWORD) or an Npgsql connection string.");
        }

        return PostgresStoreUrl.IsPostgresUrl(value) ? PostgresStoreUrl.Parse(value).ConnectionString : value;
    }

    /// <summary>
    /// The store URL a <c>warden</c> process takes (<c>--store</c>) for this schema; the password stays
    /// in PGPASSWORD. Fails the test when the variable is missing or is a connection string, not a URL.
    /// </summary>
    public string StoreUrl()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server) || !PostgresStoreUrl.IsPostgresUrl(server))
        {
            throw new InvalidOperationException(
                $"{Variable} must be a store URL (postgres://USER@HOST:PORT/DATABASE, password in PGPASSWORD) for a warden process's --store; run ./test.sh, which starts a private PostgreSQL and sets it.");
        }

        return $"{server}?schema={Schema}";
    }

    /// <summary>Store options on this schema.</summary>
    public PostgresStoreOptions Options(TimeProvider? time = null, TimeSpan? lockTimeout = null) => new()
    {
        ConnectionString = ConnectionString,
        Schema = Schema,
        Time = time ?? TimeProvider.System,
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(5),
    };

    /// <summary>Runs <paramref name="sql"/> in this schema outside Warden, as a person with write access would.</summary>
    public async ValueTask ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, run in this schema.</summary>
    public async ValueTask<object?> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>An open connection whose search path is this schema (not pooled: each test's connections end with it).</summary>
    public async ValueTask<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = Schema, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE");
        // The stores' pools keep connections with this schema on their search path; they are cleared with the stores.
    }
}
