using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Core.Guard;
using Warden.Registry;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Rollback;

/// <summary>
/// <c>warden rollback list</c> over a real store: <c>rollback</c> events whose payloads the guard's own
/// serializer (<see cref="RollbackReport.Node"/>) wrote, listed newest first with RTO/RPO against the
/// objectives each rollback was held to; every comparison has a row exactly at its objective.
/// </summary>
public sealed class RollbackListCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Json_GuardCycleAndDrillRollbacks_NewestFirstWithTheLogsFields()
    {
        await SeedAsync(
            new Seed("ranker", "rb-1", 1.5, 600),
            new Seed("ranker", "rb-2", 2.0, 600, DetectedBy: RollbackRecord.HeartbeatCycle),
            new Seed("ranker-drill", "rb-3", 0.75, 600, Deployment: "dr-20261122T000000Z-1"));

        var run = CliRun.Of(_time, "rollback", "list", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = JsonNode.Parse(run.Out)!["rollbacks"]!.AsArray();
        Assert.Equal(["rb-3", "rb-2", "rb-1"], rows.Select(r => r!["rollback_run_id"]!.GetValue<string>()));
        Assert.Equal(["drill", "heartbeat cycle", "live guard"], rows.Select(r => r!["by"]!.GetValue<string>()));
        var first = rows[2]!;
        Assert.Equal("ranker", first["service"]!.GetValue<string>());
        Assert.Equal("dep-1", first["deployment"]!.GetValue<string>());
        Assert.Equal("error_rate", first["trigger"]!.GetValue<string>());
        Assert.Equal(0.05, first["observed"]!.GetValue<double>());
        Assert.Equal(0.011, first["bound"]!.GetValue<double>());
        Assert.Equal(0.01, first["threshold"]!.GetValue<double>());
        Assert.Equal("v2", first["from_version"]!.GetValue<string>());
        Assert.Equal("v1", first["to_version"]!.GetValue<string>());
        Assert.Equal(TestClock.Epoch, first["fault_onset"]!.GetValue<DateTimeOffset>());
        Assert.Equal(TestClock.Epoch.AddSeconds(1.4), first["detection"]!.GetValue<DateTimeOffset>());
        Assert.Equal(TestClock.Epoch.AddSeconds(1.5), first["restoration"]!.GetValue<DateTimeOffset>());
        Assert.Equal(1.5, first["rto_seconds"]!.GetValue<double>(), 9);
        Assert.Equal(600, first["rpo_seconds"]!.GetValue<double>(), 9);
        Assert.Equal(120, first["rto_max_seconds"]!.GetValue<double>());
        Assert.Equal(600, first["rpo_max_seconds"]!.GetValue<double>());
        Assert.True(first["within_targets"]!.GetValue<bool>());
        Assert.Equal("gateway", first["evidence_source"]!.GetValue<string>());
        Assert.StartsWith("evt-", first["event_id"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(120.0, 600.0, true)]     // RTO exactly at rto_max, RPO exactly at rpo_max: met (≤, as rto_met in the log)
    [InlineData(120.001, 600.0, false)]  // RTO just over
    [InlineData(119.999, 600.001, false)] // RPO just over
    [InlineData(null, 600.0, false)]     // never restored: no RTO meets nothing
    [InlineData(1.0, null, false)]       // no verified checkpoint: no RPO meets nothing
    public async Task Json_AtAndAroundTheObjectives_WithinTargets(double? rto, double? rpo, bool within)
    {
        await SeedAsync(new Seed("ranker", "rb-1", rto, rpo));

        var run = CliRun.Of(_time, "rollback", "list", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(within, JsonNode.Parse(run.Out)!["rollbacks"]![0]!["within_targets"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Run_ServiceAndLimit_OnlyThatServicesMostRecent()
    {
        await SeedAsync(new Seed("ranker", "rb-1", 1, 1), new Seed("search", "rb-2", 1, 1), new Seed("ranker", "rb-3", 1, 1), new Seed("ranker", "rb-4", 1, 1));

        var run = CliRun.Of(_time, "rollback", "list", "--service", "ranker", "--limit", "2", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["rb-4", "rb-3"], JsonNode.Parse(run.Out)!["rollbacks"]!.AsArray().Select(r => r!["rollback_run_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Text_OneMissed_TableSaysMissed()
    {
        await SeedAsync(new Seed("ranker", "rb-1", 121, 1));

        var run = CliRun.Of(_time, "rollback", "list", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("121.00 s", run.Out, StringComparison.Ordinal);
        Assert.Contains("MISSED", run.Out, StringComparison.Ordinal);
        Assert.Contains("v2 → v1", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnreadablePayload_LeftOutWithAWarning()
    {
        await SeedAsync(new Seed("ranker", "rb-1", 1, 1));
        await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time }))
        {
            await store.AppendAsync(new AuditEventDraft { Actor = "x", Action = AuditActions.Rollback, Subject = "rollout:ranker", Payload = "[1]" });
        }

        var run = CliRun.Of(_time, "rollback", "list", "--json", "--data-dir", _dir.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Single(JsonNode.Parse(run.Out)!["rollbacks"]!.AsArray());
        Assert.Contains("warning: 1 rollback event(s) hold no rollback log", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit 0: give a number from 1 to 10000.")]
    [InlineData("--service", "no/such", "--service 'no/such' is not a service name")]
    public async Task Run_BadInput_ExitsTwo(string option, string value, string message)
    {
        await SeedAsync(new Seed("ranker", "rb-1", 1, 1));

        var run = CliRun.Of(_time, "rollback", "list", option, value, "--data-dir", _dir.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    private sealed record Seed(string Service, string RunId, double? Rto, double? Rpo, string DetectedBy = RollbackRecord.LiveGuard, string Deployment = "dep-1");

    private async Task SeedAsync(params Seed[] seeds)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        foreach (var seed in seeds)
        {
            var onset = TestClock.Epoch;
            var reading = new TriggerReading { Trigger = GuardTrigger.ErrorRate, Tripped = true, Observed = 0.05, Bound = 0.011, Threshold = 0.01, Description = "test" };
            var record = new RollbackRecord
            {
                RollbackRunId = seed.RunId,
                IncidentId = "inc-" + seed.RunId,
                RolloutId = 1,
                DeploymentId = seed.Deployment,
                Service = seed.Service,
                RolledBackVersion = "v2",
                RestoredVersion = "v1",
                Phase = "canary step 1 (50 %)",
                Trigger = reading,
                Readings = [reading],
                Guarded = new GuardCounts(200, 10, 0, 0, 0, 0, 0),
                FalseAlarm = 0.01,
                TriggerAlpha = 0.002,
                WindowStartedAt = onset,
                WindowAlpha = 0.001,
                FaultOnsetAt = onset,
                DetectedAt = onset.AddSeconds(1.4),
                SwitchedAt = onset.AddSeconds(1.45),
                RestoredAt = seed.Rto is { } rto ? onset.AddSeconds(rto) : null,
                SwitchProblem = seed.Rto is null ? "gateway refused the route" : null,
                RestoredCheckpointVerifiedAt = seed.Rpo is { } rpo ? onset.AddSeconds(-rpo) : null,
                RtoObjectiveSeconds = 120,
                RpoObjectiveSeconds = 600,
                Actor = "warden-controller@test",
                DetectedBy = seed.DetectedBy,
            };
            await store.AppendAsync(new AuditEventDraft
            {
                Actor = record.Actor,
                Action = AuditActions.Rollback,
                Subject = "rollout:" + seed.Service,
                DeploymentId = record.DeploymentId,
                Payload = AuditPayload.Of(RollbackReport.Node(record)),
            });
            _time.Advance(TimeSpan.FromMinutes(5));
        }
    }
}
