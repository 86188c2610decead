using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Audit;

/// <summary>Schema step 4 on a database written by an older Warden: one migration event attests the rows found.</summary>
public sealed class RowAttestationMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_NewDatabase_WritesNoMigrationEvent()
    {
        await using var store = await OpenAsync();

        Assert.Null(await store.HeadAsync());
    }

    [Fact]
    public async Task Open_SchemaThreeDatabaseWithRows_AttestsThemInOneHonestMigrationEvent()
    {
        CreateSchemaThree();

        await using (var store = await OpenAsync())
        {
            Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
            var events = await store.EventsAsync();
            var migration = events[^1];
            Assert.Equal(2, events.Count);
            Assert.Equal((AuditActions.StateAttest, "warden (schema step 4)", "store:schema-4"), (migration.Action, migration.Actor, migration.Subject));
            Assert.Contains("vouches for their content as found when the database was upgraded, not for how it got there", migration.Payload, StringComparison.Ordinal);
            Assert.Equal(
                ["model_versions ranker@v1", "model_aliases ranker/production", "alias_moves 1", "verdict_records 1"],
                StateAttestations.Parse(migration.Payload).Select(a => a.Row.ToString()));
        }

        Assert.Equal(0, CliRun.Of(_time, "audit", "verify", "--data-dir", _dir.Path).ExitCode);
        Execute("UPDATE verdict_records SET outcome = 'GO'");
        var run = CliRun.Of(_time, "audit", "verify", "--data-dir", _dir.Path);
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("BROKEN row verdict_records 1: its content (ranker, v2, v1, dep-1, GO) hashes to ", run.Out, StringComparison.Ordinal);
        Assert.Contains(", but evt-2 attests ", run.Out, StringComparison.Ordinal);
    }

    // A database exactly as Warden 3 left it: steps 1–3, a register event, and rows with no attestation.
    private void CreateSchemaThree()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        var hash = AuditHash.Compute(1, "2026-11-01T00:00:00.0000000Z", "ana", AuditActions.Register, "model:ranker@v1", null, [], "{}", AuditHash.Genesis);
        command.CommandText = string.Join(";", SchemaMigrations.All.Take(3).Select(m => m.Sql)) + $"""
            ;PRAGMA application_id = {0x57524431.ToString(CultureInfo.InvariantCulture)};PRAGMA user_version = 3;
            INSERT INTO audit_events VALUES (1, '2026-11-01T00:00:00.0000000Z', 'ana', 'registry.register', 'model:ranker@v1', NULL, '', '{"{}"}', '{AuditHash.Genesis}', '{hash}');
            INSERT INTO audit_head VALUES (1, 1, '{hash}');
            INSERT INTO model_versions (model, version, artifact_path, sha256, size_bytes, tags, registered_at, registered_by)
                VALUES ('ranker', 'v1', '/srv/v1.bin', '{new string('a', 64)}', 10, '{"{}"}', '2026-11-01T00:00:00.0000000Z', 'ana');
            INSERT INTO model_aliases VALUES ('ranker', 'production', 'v1', '2026-11-01T00:00:00.0000000Z');
            INSERT INTO alias_moves (model, alias, from_version, to_version, time, actor, kind, audit_seq)
                VALUES ('ranker', 'production', NULL, 'v1', '2026-11-01T00:00:00.0000000Z', 'ana', 'override', 1);
            INSERT INTO verdict_records (deployment_id, model, candidate_version, baseline_version, outcome, report_sha256, evidence_ids, recorded_at, actor)
                VALUES ('dep-1', 'ranker', 'v2', 'v1', 'REJECT', 'cc', '', '2026-11-01T00:00:00.0000000Z', 'ci');
            """;
        command.ExecuteNonQuery();
    }

    private ValueTask<SqliteStore> OpenAsync() => SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
