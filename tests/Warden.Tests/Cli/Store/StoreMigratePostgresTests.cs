using Microsoft.Data.Sqlite;
using Warden.Storage.Postgres.Tests;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Store;

/// <summary>
/// <c>warden store migrate</c> from a real SQLite file into a real PostgreSQL schema (test.sh's
/// server) and back: every row and every hash arrives unchanged, the commands then run on the
/// PostgreSQL store, and a non-empty target is refused.
/// </summary>
public sealed class StoreMigratePostgresTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly TestDatabase _database = new();
    private readonly Dictionary<string, string> _variables = [];

    public Task InitializeAsync()
    {
        // The CLI reads only these: the test server's password, as a user's shell would pass it.
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { } password)
        {
            _variables["PGPASSWORD"] = password;
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void Migrate_SqliteToPostgresAndBack_EveryRowAndHashUnchanged()
    {
        Seed("src");
        var postgres = _database.StoreUrl();

        var there = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", postgres);
        var back = Run("store", "migrate", "--from", postgres, "--to", $"sqlite:{_dir.File("back")}");

        Assert.True(there.ExitCode == 0, there.Error);
        Assert.Contains("OK: the target's audit chain verifies (4 events,", there.Out, StringComparison.Ordinal);
        Assert.True(back.ExitCode == 0, back.Error);
        foreach (var table in (string[])["audit_events", "model_versions", "api_tokens", "audit_head"])
        {
            Assert.Equal(Dump("src", table), Dump("back", table));
        }

        // The commands work on the copy: the registry reads, the chain verifies, a new event chains on.
        Assert.Contains("v2", Run("registry", "list", "--store", postgres).Out, StringComparison.Ordinal);
        Assert.Equal(0, Run("audit", "append", "--action", "note", "--subject", "after-migration", "--store", postgres).ExitCode);
        var verify = Run("audit", "verify", "--store", postgres);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("5 event(s)", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_PostgresTargetNotEmpty_ExitsTwoAndWritesNothing()
    {
        Seed("src");
        var postgres = _database.StoreUrl();
        Assert.Equal(0, Run("audit", "append", "--action", "note", "--subject", "already-here", "--store", postgres).ExitCode);

        var run = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", postgres);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: {postgres} is not empty (audit_events: 1 rows, audit_head: 1 rows); a migration writes only into an empty store.", run.Error, StringComparison.Ordinal);
        Assert.Contains("1 event(s)", Run("audit", "verify", "--store", postgres).Out, StringComparison.Ordinal);
    }


    private void Seed(string name)
    {
        var artifact = _dir.File("weights.bin");
        File.WriteAllText(artifact, "weights");
        foreach (var version in (string[])["v1", "v2"])
        {
            Assert.Equal(0, Run("registry", "add", "ranker", version, "--artifact", artifact, "--allow-root", _dir.Path, "--data-dir", _dir.File(name)).ExitCode);
        }

        Assert.Equal(0, Run("registry", "alias", "ranker", "canary", "v1", "--data-dir", _dir.File(name)).ExitCode);
        Assert.Equal(0, Run("token", "create", "--name", "ops", "--role", "admin", "--data-dir", _dir.File(name)).ExitCode);
    }

    private string Dump(string name, string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_dir.File(name), "warden.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return string.Join("\n", lines);
    }

    private CliRun Run(params string[] args) => CliRun.WithVariables(_variables, args);
}
