using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Core.Guard;
using Warden.Core.Recovery;
using Warden.Registry;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Report;

/// <summary>
/// <c>warden report rollback</c> over a real store: the live guard's <c>rollback</c> audit events
/// (payload: the rollback's <c>rollback_log.json</c>, written here by the guard's own serializer)
/// become recovery runs; the report files are written and the closing line printed.
/// </summary>
public sealed class ReportRollbackCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_TwoGuardRollbacks_WritesTheReportFromTheAuditLog()
    {
        await SeedAsync(("rb-1", "error_rate", true), ("rb-2", "latency_p95", false));
        var output = _dir.File("out");

        var run = CliRun.Of(_time, "report", "rollback", "--data-dir", _dir.Path, "--out", output);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("> **Rollback Officer Verdict:** Failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 recovery run(s) since", run.Out, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(output, RollbackOfficerReport.MarkdownFile));
        Assert.Contains("| `rb-1` | `error_rate` | rolled back ranker v2 → v1 | 1.5 s | yes |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `rb-2` | `latency_p95` |", markdown, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, RollbackOfficerReport.JsonFile)));
        Assert.Equal("Failed", json.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Run_SinceAfterTheRollbacks_ReportsNoRunAndFailed()
    {
        await SeedAsync(("rb-1", "error_rate", true));
        _time.Advance(TimeSpan.FromDays(8));

        var run = CliRun.Of(_time, "report", "rollback", "--data-dir", _dir.Path, "--out", _dir.File("out"), "--since", "7d");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 recovery run(s) since", run.Out, StringComparison.Ordinal);
        Assert.StartsWith("> **Rollback Officer Verdict:** Failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PolicyIsTheServersWholeWardenYaml_ReadsItsTargets()
    {
        // The warden.yaml `warden serve` runs on (gateway and rollout sections beside the policy)
        // is a valid --policy file; its rto_max_s of 1 s makes the 1.5 s rollback miss the target.
        await SeedAsync(("rb-1", "error_rate", true));
        var config = _dir.File("warden.yaml");
        File.WriteAllText(config, """
            policy:
              rollback: { rto_max_s: 1 }
            gateway:
              services:
                ranker:
                  backends: { v1: "http://127.0.0.1:9/" }
                  production: v1
            rollout:
              plan: { steps: [50] }
            """);

        var run = CliRun.Of(_time, "report", "rollback", "--data-dir", _dir.Path, "--out", _dir.File("out"), "--policy", config);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("| RTO | ≤ 1 s | 1.5 s (median of 1) |", File.ReadAllText(Path.Combine(_dir.File("out"), RollbackOfficerReport.MarkdownFile)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday", "--since 'yesterday' is not a time")]
    [InlineData("--since", "2999-01-01", "is in the future")]
    public async Task Run_BadSince_ExitsTwoAndWritesNothing(string option, string value, string message)
    {
        await SeedAsync(("rb-1", "error_rate", true));

        var run = CliRun.Of(_time, "report", "rollback", "--data-dir", _dir.Path, "--out", _dir.File("out"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    private async Task SeedAsync(params (string RunId, string Trigger, bool Restored)[] rollbacks)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });
        foreach (var (runId, trigger, restored) in rollbacks)
        {
            var onset = _time.GetUtcNow();
            var reading = new TriggerReading { Trigger = Parse(trigger), Tripped = true, Observed = 0.05, Bound = 0.011, Threshold = 0.01, Description = "test" };
            var record = new RollbackRecord
            {
                RollbackRunId = runId,
                IncidentId = "inc-" + runId,
                RolloutId = 1,
                DeploymentId = "dep-1",
                Service = "ranker",
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
                RestoredAt = restored ? onset.AddSeconds(1.5) : null,
                SwitchProblem = restored ? null : "gateway refused the route",
                RestoredCheckpointVerifiedAt = onset.AddMinutes(-10),
                RtoObjectiveSeconds = 120,
                RpoObjectiveSeconds = 300,
                Actor = "warden-controller@test",
            };
            await store.AppendAsync(new AuditEventDraft
            {
                Actor = record.Actor,
                Action = AuditActions.Rollback,
                Subject = "rollout:ranker",
                DeploymentId = record.DeploymentId,
                Payload = AuditPayload.Of(RollbackReport.Node(record)),
            });
            _time.Advance(TimeSpan.FromMinutes(5));
        }
    }

    private static GuardTrigger Parse(string name) =>
        Enum.GetValues<GuardTrigger>().Single(t => RollbackTriggers.Name(t) == name);
}
