using System.Text.Json;
using Microsoft.Data.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Store;

/// <summary>
/// <c>warden store migrate</c> between two real SQLite files (the PostgreSQL target is tested in
/// Warden.Storage.Postgres.Tests): everything copied byte for byte and checked on the target;
/// a non-empty target, a tampered source or the same store refused with nothing written.
/// </summary>
public sealed class StoreMigrateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Migrate_IntoEmptyStore_CopiesEveryRowAndTheTargetVerifies()
    {
        Seed("src");

        var run = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", $"sqlite:{_dir.File("dst")}", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!, t => (t.GetProperty("source").GetInt64(), t.GetProperty("target").GetInt64()));
        Assert.Equal(13, tables.Count);
        Assert.Equal((4L, 4L), tables["audit_events"]);
        Assert.Equal((2L, 2L), tables["model_versions"]);
        Assert.Equal((1L, 1L), tables["api_tokens"]);
        Assert.True(json.RootElement.GetProperty("chain_intact").GetBoolean());
        Assert.Empty(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(json.RootElement.GetProperty("source_head").GetProperty("hash").GetString(), json.RootElement.GetProperty("target_head").GetProperty("hash").GetString());

        // The copy is byte for byte: the same events, hashes and payloads in both files.
        Assert.Equal(Dump("src", "SELECT seq, time, payload, hash FROM audit_events ORDER BY seq"), Dump("dst", "SELECT seq, time, payload, hash FROM audit_events ORDER BY seq"));
        Assert.Equal(0, Run("audit", "verify", "--data-dir", _dir.File("dst")).ExitCode);
        Assert.Contains("v2", Run("registry", "list", "--store", $"sqlite:{_dir.File("dst")}").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrate_TargetNotEmpty_ExitsTwoAndWritesNothing()
    {
        Seed("src");
        Seed("dst");
        var before = Dump("dst", "SELECT count(*) FROM audit_events");

        var run = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", $"sqlite:{_dir.File("dst")}");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: sqlite:{_dir.File("dst")}/warden.db is not empty (audit_events: 4 rows, audit_head: 1 rows, model_versions: 2 rows, api_tokens: 1 rows); a migration writes only into an empty store. Give an empty database (or a new data directory) as the target.\n",
            run.Error.ReplaceLineEndings("\n").Split('\n', 2)[1]);
        Assert.Equal(before, Dump("dst", "SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public void Migrate_SourceTampered_ExitsTwoAndCopiesNothing()
    {
        Seed("src");
        using (var connection = new SqliteConnection($"Data Source={_dir.File("src")}/warden.db;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE model_versions SET sha256 = 'ff' || substr(sha256, 3) WHERE version = 'v1'";
            command.ExecuteNonQuery();
        }

        var run = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", $"sqlite:{_dir.File("dst")}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"sqlite:{_dir.File("src")}/warden.db: the audit log does not verify (1 state row(s) not vouched for); nothing was copied. Run 'warden audit verify' on it and resolve that first.", run.Error, StringComparison.Ordinal);
        Assert.Equal("0", Dump("dst", "SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public void Migrate_SameStore_ExitsTwo()
    {
        var run = Run("store", "migrate", "--from", $"sqlite:{_dir.File("src")}", "--to", $"sqlite:{_dir.File("src")}/warden.db");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --from and --to name the same store; give an empty store as --to.\n", run.Error.ReplaceLineEndings("\n"));
    }

    private void Seed(string name)
    {
        var artifact = _dir.File("weights.bin");
        File.WriteAllText(artifact, "weights");
        foreach (var version in (string[])["v1", "v2"])
        {
            Assert.Equal(0, Run("registry", "add", "ranker", version, "--artifact", artifact, "--allow-root", _dir.Path, "--data-dir", _dir.File(name)).ExitCode);
        }

        Assert.Equal(0, Run("token", "create", "--name", "ops", "--role", "admin", "--data-dir", _dir.File(name)).ExitCode);
        Assert.Equal(0, Run("audit", "append", "--action", "note", "--subject", "migration-test", "--data-dir", _dir.File(name)).ExitCode);
    }

    private string Dump(string name, string sql)
    {
        var path = Path.Combine(_dir.File(name), "warden.db");
        if (!File.Exists(path))
        {
            return "0";
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        }

        return string.Join("\n", lines);
    }

    private CliRun Run(params string[] args) => CliRun.WithVariables(_variables, args);
}
