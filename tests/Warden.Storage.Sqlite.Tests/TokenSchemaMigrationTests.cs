using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Access;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>
/// Schema step 7 (API tokens) on a database a step-6 Warden wrote: the table appears empty, is
/// attested from its first row, and the chain still verifies. (RolloutSchemaMigrationTests opens a
/// step-4 database with attested rows up to the latest step, this one included.)
/// </summary>
public sealed class TokenSchemaMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_SchemaSixDatabase_UpgradesToSevenAndTokensWorkAndVerify()
    {
        CreateSchemaSix();
        Assert.Equal("6", Scalar("PRAGMA user_version"));

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

        Assert.Equal(7, SchemaMigrations.Latest);
        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        Assert.Equal("7:api tokens", Scalar("SELECT version || ':' || name FROM schema_migrations WHERE version = 7"));
        Assert.Empty(await store.ReadAsync((tx, ct) => tx.Tokens.ListAsync(ct)));

        var issued = await new TokenIssuer(store).CreateAsync("ci", Role.Operator, TimeSpan.FromDays(90), "ana");
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal((1L, 1L), (verification.Events, verification.StateRows!.Rows));
        Assert.True((await new TokenVerifier(store, _time).VerifyAsync(issued.Text)).IsValid);
    }

    // A database as a step-6 Warden leaves it (steps 1-6, no data work needed for an empty store).
    private void CreateSchemaSix()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        RawDatabase.Execute(connection, $"PRAGMA journal_mode = WAL;PRAGMA application_id = {0x57524431.ToString(CultureInfo.InvariantCulture)}");
        foreach (var step in SchemaMigrations.All.Where(m => m.Version <= 6))
        {
            RawDatabase.Execute(connection, step.Sql +
                ";CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)" +
                $";INSERT INTO schema_migrations VALUES ({step.Version}, '{step.Name}', '2026-11-01T00:00:00.0000000Z')" +
                $";PRAGMA user_version = {step.Version}");
        }
    }

    private string? Scalar(string sql) => RawDatabase.Scalar(_dir.File("warden.db"), sql);
}
