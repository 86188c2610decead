using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>Schema step 5 (rollouts and leases) on a database a step-4 Warden wrote: the rows and the chain come through untouched and still verify.</summary>
public sealed class RolloutSchemaMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_SchemaFourDatabaseWithAttestedRows_UpgradesToFiveWithDataAndChainIntact()
    {
        var written = await CreateSchemaFourAsync();
        Assert.Equal("4", Scalar("PRAGMA user_version"));
        _time.Advance(TimeSpan.FromDays(1));

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

        // Later steps (7: live compliance) run in the same open; this test pins step 5's part.
        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        // The upgrade itself writes no event: the new tables start empty.
        Assert.Equivalent(written, await store.EventsAsync(), strict: true);
        var (versions, aliases, verdicts) = await store.ReadAsync(async (tx, ct) => (
            await tx.Registry.VersionsAsync("ranker", ct),
            await tx.Registry.AliasesAsync("ranker", ct),
            await tx.Verdicts.ForCandidateAsync("ranker", "v2", ct)));
        Assert.Equivalent(new[] { Version(TestClock.Epoch), Version(TestClock.Epoch) with { Version = "v2", Sha256 = new string('b', 64) } }, versions, strict: true);
        Assert.Equal([KeyValuePair.Create(RegistryNames.Production, "v1")], aliases);
        Assert.Equal(["dep-1"], verdicts.Select(v => v.DeploymentId));
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        // Step 4's store.attest event and v2's register event; two versions, the alias, its move and the verdict.
        Assert.Equal((2L, 5L), (verification.Events, verification.StateRows!.Rows));
        Assert.Equal("1,2,3,4,5:rollouts and leases", Scalar("SELECT group_concat(version, ',') || ':' || (SELECT name FROM schema_migrations WHERE version = 5) FROM schema_migrations WHERE version <= 5"));

        // The new tables are usable at once.
        var (rollout, lease) = await store.WriteAsync(async (tx, ct) => (
            await tx.Rollouts.AddAsync(
                new RolloutState
                {
                    DeploymentId = "dep-1",
                    Service = "ranker",
                    Candidate = "v2",
                    KnownGood = "v1",
                    Phase = RolloutPhase.Shadow,
                    PhaseStartedAt = tx.Now,
                    Generation = 1,
                },
                "{}",
                null,
                "ana",
                ct),
            await tx.Leases.TryAcquireAsync("rollout-controller", "host-1", TimeSpan.FromSeconds(15), ct)));
        Assert.Equal(1, rollout!.Id);
        Assert.Equal(1, lease.Lease.Epoch);
    }

    // A database as a step-4 Warden leaves it, built the way its migrator did: each step's DDL and
    // data work in a transaction of its own. Rows written before step 4 (a version, the
    // production alias and its move, a verdict) are attested by step 4's store.attest event; one
    // more version written after it is attested by its own register event.
    private async Task<List<AuditEvent>> CreateSchemaFourAsync()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        Execute(connection, null, $"PRAGMA journal_mode = WAL;PRAGMA foreign_keys = ON;PRAGMA application_id = {0x57524431.ToString(CultureInfo.InvariantCulture)}");
        var events = new List<AuditEvent>();
        foreach (var step in SchemaMigrations.All.Where(m => m.Version <= 4))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            Execute(connection, transaction, step.Sql +
                ";CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)" +
                $";INSERT INTO schema_migrations VALUES ({step.Version}, '{step.Name}', '2026-11-01T00:00:00.0000000Z')" +
                $";PRAGMA user_version = {step.Version}");
            using var tx = new SqliteStoreTransaction(connection, transaction, _time.GetUtcNow());
            if (step.Version == 3)
            {
                await tx.Registry.InsertAsync(Version(TestClock.Epoch), default);
                var move = new AliasMove
                {
                    Model = "ranker",
                    Alias = RegistryNames.Production,
                    FromVersion = null,
                    ToVersion = "v1",
                    Time = TestClock.Epoch,
                    Actor = "ana",
                    Kind = AliasMoveKinds.Override,
                    Reason = "initial production",
                    DeploymentId = null,
                    AuditSequence = 0,
                };
                await tx.Registry.MoveAliasAsync(move, default);
                await tx.Verdicts.AddAsync(
                    new VerdictRecord
                    {
                        DeploymentId = "dep-1",
                        Model = "ranker",
                        CandidateVersion = "v2",
                        BaselineVersion = "v1",
                        Outcome = "GO",
                        ReportSha256 = new string('c', 64),
                        EvidenceIds = ["ev:aa"],
                        RecordedAt = TestClock.Epoch,
                        Actor = "ci",
                    },
                    default);
            }

            if (step.Data is { } data)
            {
                await data(tx, default);
                events.Add((await tx.Audit.FindAsync(1, default))!);
            }

            transaction.Commit();
        }

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var tx = new SqliteStoreTransaction(connection, transaction, _time.GetUtcNow());
            await tx.Registry.InsertAsync(Version(TestClock.Epoch) with { Version = "v2", Sha256 = new string('b', 64) }, default);
            events.Add(await tx.Audit.AppendAsync(
                new AuditEventDraft { Actor = "ci", Action = AuditActions.Register, Subject = Subjects.Version("ranker", "v2"), Attests = [AttestedTables.Version("ranker", "v2")] },
                default));
            transaction.Commit();
        }

        return events;
    }

    private static ModelVersion Version(DateTimeOffset at) => new()
    {
        Model = "ranker",
        Version = "v1",
        ArtifactPath = "/models/ranker/v1.bin",
        Sha256 = new string('a', 64),
        SizeBytes = 10,
        Lineage = new Lineage { RunId = "run-7", DataVersion = null, CodeRev = "abc123" },
        Tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["owner"] = "search" },
        RegisteredAt = at,
        RegisteredBy = "ci",
    };

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql) => RawDatabase.Scalar(_dir.File("warden.db"), sql);
}
