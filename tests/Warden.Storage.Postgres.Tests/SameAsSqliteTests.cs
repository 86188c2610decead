using Microsoft.Data.Sqlite;
using Npgsql;
using Warden.Access;
using Warden.Audit;
using Warden.Checkpoints;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>
/// The PostgreSQL store against the SQLite one: the same tables and columns in the same order (a
/// copy goes table by table with one column list), the same attested-table definitions, and for
/// the same writes on the same clock, byte-identical audit hashes and row digests.
/// </summary>
public sealed class SameAsSqliteTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly TempDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Schema_EveryTable_HasSqlitesColumnsInSqlitesOrderWithMappedTypes()
    {
        await using (await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path }))
        {
        }

        await using (await PostgresStore.OpenAsync(_database.Options()))
        {
        }

        var sqlite = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        using (var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT m.name, p.name, p.type FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p " +
                "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' ORDER BY m.name, p.cid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var pgType = reader.GetString(2) switch
                {
                    "INTEGER" => "bigint",
                    "TEXT" => "text",
                    "REAL" => "double precision",
                    "BLOB" => "bytea",
                    var other => other,
                };
                Columns(sqlite, reader.GetString(0)).Add($"{reader.GetString(1)} {pgType}");
            }
        }

        var postgres = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var connection = await _database.OpenAsync())
        {
            await using var command = new NpgsqlCommand(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = @schema ORDER BY table_name, ordinal_position",
                connection);
            command.Parameters.AddWithValue("schema", _database.Schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Columns(postgres, reader.GetString(0)).Add($"{reader.GetString(1)} {reader.GetString(2)}");
            }
        }

        Assert.Equal(sqlite.Keys, postgres.Keys);
        Assert.All(sqlite, table => Assert.Equal(table.Value, postgres[table.Key]));
    }

    [Fact]
    public void StateTables_AreSqlitesTablesKeysAndDigestColumns()
    {
        Assert.Equal(
            StateTables.All.Select(t => (t.Name, string.Join(",", t.Columns), string.Join(",", t.Summary), t.KeySql, t.KeyWhere.Replace("$key", "@key", StringComparison.Ordinal).Replace("INTEGER", "BIGINT", StringComparison.Ordinal))),
            PostgresStateTables.All.Select(t => (t.Name, string.Join(",", t.Columns), string.Join(",", t.Summary), t.KeySql, t.KeyWhere)));
    }

    [Fact]
    public async Task SameWrites_OnTheSameClock_GiveByteIdenticalHashesAndDigests()
    {
        var sqliteClock = TestClock.Start();
        var postgresClock = TestClock.Start();
        await using var sqlite = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = sqliteClock });
        await using var postgres = await PostgresStore.OpenAsync(_database.Options(postgresClock));

        await Workload(sqlite, sqliteClock);
        await Workload(postgres, postgresClock);

        var (sqliteEvents, sqliteRows) = await Contents(sqlite);
        var (postgresEvents, postgresRows) = await Contents(postgres);
        Assert.Equal(9, sqliteEvents.Count);
        Assert.Equivalent(sqliteEvents, postgresEvents, strict: true);
        Assert.Equal(sqliteRows, postgresRows);
        Assert.Equal(10, postgresRows.Count);
        var verification = await postgres.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(10, verification.StateRows!.Rows);
    }

    private static List<string> Columns(SortedDictionary<string, List<string>> tables, string table) =>
        tables.TryGetValue(table, out var list) ? list : tables[table] = [];

    private static async Task<(List<AuditEvent> Events, List<string> Rows)> Contents(IWardenStore store)
    {
        var events = await store.EventsAsync();
        var rows = await store.ReadAsync(async (tx, ct) =>
            (await StoreAccess.ToListAsync(tx.Rows.ReadAllAsync(ct), ct)).Select(r => $"{r.Ref} {r.AuditSequence} {r.RecordedSha256} {r.Sha256} {r.Summary}").Order(StringComparer.Ordinal).ToList());
        return (events, rows);
    }

    // Every attested table, every column type (text, integers, a real, NULLs), payloads with
    // non-ASCII text: what the chain and the digests hash must survive both stores alike.
    private static async Task Workload(IWardenStore store, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock)
    {
        var v1 = new ModelVersion
        {
            Model = "ranker",
            Version = "v1",
            ArtifactPath = "/models/ranker/v1.bin",
            Sha256 = new string('a', 64),
            SizeBytes = 1_234_567_890_123,
            Lineage = new Lineage { RunId = "run-7", DataVersion = null, CodeRev = "abc123" },
            Tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["owner"] = "søk", ["tier"] = "1" },
            RegisteredAt = TestClock.Epoch,
            RegisteredBy = "ci@build-7",
        };
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(v1, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.Register, "model:ranker@v1", AttestedTables.Version("ranker", "v1")) with { Payload = """{"note":"première","n":1.5}""" }, ct);
        });
        clock.Advance(TimeSpan.FromTicks(1_234_567));
        await store.WriteAsync(async (tx, ct) =>
        {
            var id = await tx.Checkpoints.AddAsync(new CheckpointVerification
            {
                Model = "ranker",
                Version = "v1",
                VerifiedAt = tx.Now,
                Actor = "ana",
                ArtifactPath = v1.ArtifactPath,
                Sha256 = v1.Sha256,
                Sha256Read = v1.Sha256,
                Reachable = true,
                LoadTimeSeconds = 0.1 + 0.2,
                LoadCommand = "load {artifact}",
                LoadExitCode = 0,
                Status = CheckpointStatus.Ok,
            }, ct);
            var failed = await tx.Checkpoints.AddAsync(new CheckpointVerification
            {
                Model = "ranker",
                Version = "v1",
                VerifiedAt = tx.Now,
                Actor = "ana",
                ArtifactPath = v1.ArtifactPath,
                Sha256 = v1.Sha256,
                Reachable = false,
                Status = CheckpointStatus.Failed,
                Problem = "file not found",
            }, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.CheckpointVerify, "model:ranker@v1", AttestedTables.Checkpoint(id), AttestedTables.Checkpoint(failed)), ct);
        });
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.WriteAsync(async (tx, ct) =>
        {
            var id = await tx.Verdicts.AddAsync(new VerdictRecord
            {
                DeploymentId = "dep-1",
                Model = "ranker",
                CandidateVersion = "v1",
                BaselineVersion = "v0",
                Outcome = "GO",
                ReportSha256 = new string('c', 64),
                EvidenceIds = ["ev:aa", "ev:bb"],
                RecordedAt = tx.Now,
                Actor = "ci",
            }, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.VerdictRecorded, "model:ranker@v1", AttestedTables.Verdict(id)) with { DeploymentId = "dep-1", EvidenceIds = ["ev:aa", "ev:bb"] }, ct);
        });
        await store.WriteAsync(async (tx, ct) =>
        {
            var moveId = await tx.Registry.MoveAliasAsync(new AliasMove
            {
                Model = "ranker",
                Alias = RegistryNames.Production,
                FromVersion = null,
                ToVersion = "v1",
                Time = tx.Now,
                Actor = "ana",
                Kind = AliasMoveKinds.Override,
                Reason = "initial",
                DeploymentId = null,
                AuditSequence = await tx.Audit.NextSequenceAsync(ct),
            }, ct);
            return await tx.Audit.AppendAsync(
                Draft(AuditActions.Override, "alias:ranker/production", AttestedTables.Alias("ranker", RegistryNames.Production), AttestedTables.AliasMove(moveId)), ct);
        });
        await store.WriteAsync(async (tx, ct) =>
        {
            var id = await tx.Registry.AddVerificationAsync(new ArtifactVerification
            {
                Model = "ranker",
                Version = "v1",
                Time = tx.Now,
                Actor = "ana",
                ArtifactPath = v1.ArtifactPath,
                Expected = v1.Sha256,
                Sha256Read = null,
                Matched = false,
                Problem = "file not found",
            }, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.ArtifactVerify, "model:ranker@v1", AttestedTables.ArtifactVerification(id)), ct);
        });
        clock.Advance(TimeSpan.FromSeconds(3));
        await store.WriteAsync(async (tx, ct) =>
        {
            var rollout = await tx.Rollouts.AddAsync(new RolloutState
            {
                DeploymentId = "dep-1",
                Service = "search",
                Candidate = "v2",
                KnownGood = "v1",
                Phase = RolloutPhase.Shadow,
                PhaseStartedAt = tx.Now.AddTicks(7),
                ShadowOnly = false,
                Generation = 1,
            }, """{"steps":[{"weight":5}]}""", null, "ana", ct);
            var eventId = await tx.Rollouts.AddEventAsync(new RolloutEventRecord
            {
                RolloutId = rollout!.Id,
                Generation = 1,
                Time = tx.Now,
                Actor = "ctrl",
                Input = "start",
                PhaseBefore = null,
                StepBefore = -1,
                PhaseAfter = RolloutPhase.Shadow,
                StepAfter = -1,
                PausedAfter = false,
                Reason = "started",
                DetailJson = null,
            }, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.RolloutStart, $"rollout:{rollout.Id}", AttestedTables.Rollout(rollout.Id), AttestedTables.RolloutEvent(eventId)), ct);
        });
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Tokens.AddAsync(new StoredToken
            {
                Id = "00000000000000a1",
                Name = "ci",
                Role = Role.Operator,
                Salt = new string('1', 32),
                Hash = new string('2', 64),
                CreatedAt = tx.Now,
                CreatedBy = "ana",
                ExpiresAt = tx.Now.AddDays(90),
            }, ct);
            return await tx.Audit.AppendAsync(Draft(AuditActions.TokenCreate, "token:ci", AttestedTables.Token("00000000000000a1")), ct);
        });
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(new AuditEventDraft { Actor = "ana", Action = AuditActions.Note, Subject = "service:search", Payload = """{"text":"日本語 ✓"}""" }, ct);
            return await tx.Audit.AppendAsync(new AuditEventDraft { Actor = "ana", Action = AuditActions.Note, Subject = "service:search" }, ct);
        });
    }

    private static AuditEventDraft Draft(string action, string subject, params StateRowRef[] attests) =>
        new() { Actor = "ci", Action = action, Subject = subject, Attests = attests };
}
