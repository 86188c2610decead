using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Core.Traffic;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Storage.Sqlite.Tests;

/// <summary>Schema step 6 (live compliance) on a database a step-5 Warden wrote: old windows read as never judged, new ones keep their counts.</summary>
public sealed class LiveComplianceSchemaMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_SchemaFiveDatabaseWithWindows_UpgradesAndOldWindowsReadAsNotJudged()
    {
        CreateSchemaFive();
        Assert.Equal("5", Scalar("PRAGMA user_version"));

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

        Assert.Equal(SchemaMigrations.Latest, store.SchemaVersion);
        Assert.Equal("6:live compliance", Scalar("SELECT version || ':' || name FROM schema_migrations WHERE version = 6"));
        var old = Assert.Single(await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync("ranker", "v1", TestClock.Epoch, TestClock.Epoch.AddSeconds(1), ct)));
        Assert.Equal((TrafficArm.Production, 4L, 1L, 0L, 0L), (old.Arm, old.Requests, old.Errors, old.ComplianceJudged, old.ComplianceOk));
        Assert.Equal(1, old.Latency.Count);
    }

    [Fact]
    public async Task WriteThenRead_ComplianceCounts_RoundTripPerArm()
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        TelemetryWindow[] windows =
        [
            Window(TrafficArm.Production, judged: 90, ok: 88),
            Window(TrafficArm.Canary, judged: 10, ok: 7),
            Window(TrafficArm.Shadow, judged: 0, ok: 0),
        ];

        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.TelemetryWindows.WriteAsync(windows, ct);
            return true;
        });
        var read = await store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync("ranker", "v2", TestClock.Epoch, TestClock.Epoch.AddSeconds(1), ct));

        Assert.Equal(
            [(TrafficArm.Canary, 10L, 7L), (TrafficArm.Production, 90L, 88L), (TrafficArm.Shadow, 0L, 0L)],
            read.Select(w => (w.Arm, w.ComplianceJudged, w.ComplianceOk)).OrderBy(t => t.Arm.ToString(), StringComparer.Ordinal));
    }

    private static TelemetryWindow Window(TrafficArm arm, long judged, long ok)
    {
        var latency = new LatencyBuckets();
        latency.Add(2.5);
        return new TelemetryWindow
        {
            Service = "ranker",
            Version = "v2",
            Arm = arm,
            Start = TestClock.Epoch,
            Requests = 100,
            Errors = 0,
            ErrorsByClass = new Dictionary<string, long>(),
            RequestBytes = 1,
            ResponseBytes = 2,
            ComplianceJudged = judged,
            ComplianceOk = ok,
            Latency = latency.ToHistogram(),
        };
    }

    // A database as a step-5 Warden leaves it (steps 1-5, no data work needed for an empty
    // store), with one telemetry window in step 3's columns.
    private void CreateSchemaFive()
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        RawDatabase.Execute(connection, $"PRAGMA journal_mode = WAL;PRAGMA application_id = {0x57524431.ToString(CultureInfo.InvariantCulture)}");
        foreach (var step in SchemaMigrations.All.Where(m => m.Version <= 5))
        {
            RawDatabase.Execute(connection, step.Sql +
                ";CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)" +
                $";INSERT INTO schema_migrations VALUES ({step.Version}, '{step.Name}', '2026-11-01T00:00:00.0000000Z')" +
                $";PRAGMA user_version = {step.Version}");
        }

        var latency = new LatencyBuckets();
        latency.Add(12.5);
        using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO telemetry_windows (service, version, arm, start, requests, errors, errors_by_class, request_bytes, response_bytes, latency) " +
            "VALUES ('ranker', 'v1', 'production', '2026-11-22T00:00:00Z', 4, 1, '{\"5xx\":1}', 40, 400, $latency)";
        command.Parameters.AddWithValue("$latency", latency.ToHistogram().ToBytes());
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql) => RawDatabase.Scalar(_dir.File("warden.db"), sql);
}
