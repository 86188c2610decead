using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Registry;

/// <summary>A temp folder with a data dir and artifacts, and the CLI run against it in-process.</summary>
internal sealed class RegistryFixture : IDisposable
{
    public RegistryFixture()
    {
        Artifacts = Directory.CreateDirectory(Dir.File("artifacts")).FullName;
        DataDir = Dir.File("data");
    }

    public TempDirectory Dir { get; } = new();

    public FakeTimeProvider Time { get; } = TestClock.Start();

    public string Artifacts { get; }

    public string DataDir { get; }

    public string Artifact(string name, string content)
    {
        var path = Path.Combine(Artifacts, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs warden with --data-dir, --actor tester and, for registry add, --allow-root on the artifacts folder.</summary>
    public CliRun Run(params string[] args)
    {
        string[] extra = args is ["registry", "add", ..] ? ["--allow-root", Artifacts] : [];
        return CliRun.Of(Time, [.. args, .. extra, "--data-dir", DataDir, "--actor", "tester"]);
    }

    /// <summary>Every row of the state tables, as text, to assert a refused action changed nothing.</summary>
    public string Snapshot()
    {
        if (!File.Exists(Path.Combine(DataDir, "warden.db")))
        {
            return "no database";
        }

        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "warden.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        var text = new System.Text.StringBuilder();
        foreach (var table in new[] { "audit_events", "audit_head", "model_versions", "model_aliases", "alias_moves", "artifact_verifications", "checkpoint_verifications", "verdict_records" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetValue(i)).Append('|');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>Records a verdict the way 'warden verdict --record' does, without running the verdict.</summary>
    public async Task RecordVerdictAsync(string deployment, string candidate, string baseline, string outcome = "GO")
    {
        await using var store = await Warden.Storage.Sqlite.SqliteStore.OpenAsync(new Warden.Storage.Sqlite.SqliteStoreOptions { DataDirectory = DataDir, Time = Time });
        await new Warden.Registry.ModelRegistry(store).RecordVerdictAsync(new Warden.Registry.VerdictRecord
        {
            DeploymentId = deployment,
            Model = "ranker",
            CandidateVersion = candidate,
            BaselineVersion = baseline,
            Outcome = outcome,
            ReportSha256 = new string('c', 64),
            EvidenceIds = ["ev:0a1b2c3d"],
            RecordedAt = Time.GetUtcNow(),
            Actor = "ci",
        });
    }

    /// <summary>Runs SQL on the database through a plain connection, as a person with write access to the file would.</summary>
    public void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDir, "warden.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => Dir.Dispose();
}
