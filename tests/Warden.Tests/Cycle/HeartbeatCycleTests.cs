using Warden.Audit;
using Warden.Channels;
using Warden.Core.Cycle;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Cycle;

/// <summary>
/// Each phase of one cycle on a fake clock and a real SQLite store: what the reviewers find in
/// production's telemetry windows and the registry, what integration finds in the backends'
/// metadata, the rollback targets' checkpoints, the verdicts written, the exact actions taken
/// (a cycle rollback through the rollouts' transitions, or none when not allowed), the channels
/// and the innovation report.
/// </summary>
public sealed class HeartbeatCycleTests : IAsyncLifetime
{
    private CycleRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CycleRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Run_HealthyProduction_ReviewersPassNothingActs()
    {
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 2000, 0, 10);

        var record = await RunAsync();

        var baseline = Phase(record, CyclePhases.Baseline);
        Assert.Equal(CyclePhaseStatus.Ok, baseline.Status);
        Assert.Equal(
            [
                ("Infra Guardian", "artifact.sha256", "PASS"),
                ("Infra Guardian", "environment.sha256", "INCONCLUSIVE"),
                ("Latency Analyst", "slo.p95", "PASS"),
                ("Latency Analyst", "slo.error_rate", "PASS"),
                ("Compliance Monitor", "slo.compliance", "INCONCLUSIVE"),
            ],
            baseline.Findings.Select(f => (f.Reviewer, f.Check, f.Status)));
        var act = Phase(record, CyclePhases.Act);
        Assert.DoesNotContain(act.Findings, f => f.Check == "rollback");
        Assert.Empty(_rig.Traffic.Applied);
    }

    [Fact]
    public async Task Run_ProductionErrorRateBreached_RollsBackToPreviousThroughTheRolloutPath()
    {
        // 10 % errors over 2,000 requests: Wilson 95 % interval [8.8 %, 11.4 %], entirely above 1 %.
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 2000, 200, 10);

        var record = await RunAsync();

        var rollback = Assert.Single(Phase(record, CyclePhases.Act).Findings, f => f.Check == "rollback");
        Assert.Equal(("ranker", "v1", "done"), (rollback.Service, rollback.Version, rollback.Status));
        var (service, route, grounds) = Assert.Single(_rig.Traffic.Applied);
        Assert.Equal(("ranker", new TrafficRoute("v0", null, 0, "v2")), (service, route));
        Assert.True(grounds.Override);
        var aliases = await _rig.Store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct));
        Assert.Equal(("v0", "v1"), (aliases[RegistryNames.Production], aliases[RegistryNames.Previous]));
        var rollout = Assert.Single(await _rig.Store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync("ranker", activeOnly: false, 10, ct)));
        Assert.Equal((RolloutPhase.RolledBack, "v1", "v0"), (rollout.State.Phase, rollout.State.Candidate, rollout.State.KnownGood));
        var actions = (await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Since = TestClock.Epoch, Limit = 1000 }, ct))).Select(e => e.Action).ToList();
        Assert.Contains(AuditActions.RolloutStart, actions);
        Assert.Contains(AuditActions.RolloutRollback, actions);
        Assert.Contains(AuditActions.Rollback, actions);
        Assert.Contains(AuditActions.IncidentOpen, actions);
        var feed = await _rig.Store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Rollback, null, null, 100, ct));
        var message = Assert.Single(feed, m => m.Message.Kind == "rollback").Message;
        Assert.Equal(("heartbeat cycle", rollback.EvidenceIds[0]), (message.Publisher, message.EvidenceIds[0]));
        var folder = Path.Combine(record.Folder!, "ranker", rollback.EvidenceIds[0]);
        Assert.Equal("heartbeat cycle", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "rollback_log.json")))!["detected_by"]!.GetValue<string>());
        var postmortem = File.ReadAllText(Path.Combine(folder, "postmortem_report.md"));
        Assert.Contains("The heartbeat cycle rolled **ranker** back from **v1** to the known-good **v0**", postmortem, StringComparison.Ordinal);
        Assert.Contains("fault onset not measured", postmortem, StringComparison.Ordinal);
        Assert.DoesNotContain("however often the guard looks", postmortem, StringComparison.Ordinal);
        Assert.DoesNotContain("..", postmortem.Replace("...", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RollbackOfOneCycle_ReportedByItsRelayOnlyNotAgainByTheNext()
    {
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 2000, 200, 10);
        var first = await RunAsync();
        _rig.Time.Advance(TimeSpan.FromMinutes(30));

        var second = await RunAsync();

        // A guard rollback between the two would be the second's; this one was the first cycle's own.
        Assert.Equal([InnovationKinds.RollbackRootCause], Phase(first, CyclePhases.Relay).Findings.Select(f => f.Check).Where(c => c == InnovationKinds.RollbackRootCause));
        Assert.DoesNotContain(Phase(second, CyclePhases.Relay).Findings, f => f.Check == InnovationKinds.RollbackRootCause);
    }

    [Fact]
    public async Task Run_BreachedButAutoRollbackOff_NotAllowedAndNothingMoves()
    {
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 2000, 200, 10);
        var options = new CycleOptions { Services = new Dictionary<string, CycleServiceOptions> { ["ranker"] = new() { AutoRollback = false } } };

        var record = await RunAsync(options);

        var rollback = Assert.Single(Phase(record, CyclePhases.Act).Findings, f => f.Check == "rollback");
        Assert.Equal("not allowed", rollback.Status);
        Assert.Empty(_rig.Traffic.Applied);
        Assert.Equal("v1", (await _rig.Store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct)))[RegistryNames.Production]);
        var feed = await _rig.Store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Rollback, null, null, 100, ct));
        Assert.StartsWith("ranker: rollback not allowed: production breaches ", Assert.Single(feed, m => m.Message.Kind == "rollback").Message.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ErrorRateIntervalIncludesTheLimit_NoBreach()
    {
        // 15 errors in 1,000: Wilson 95 % [0.91 %, 2.46 %] includes the 1 % limit: INCONCLUSIVE, no rollback.
        await _rig.WindowAsync("v1", TrafficArm.Production, TestClock.Epoch - TimeSpan.FromMinutes(10), 1000, 15, 10);

        var record = await RunAsync();

        Assert.Equal("INCONCLUSIVE", Assert.Single(Phase(record, CyclePhases.Baseline).Findings, f => f.Check == "slo.error_rate").Status);
        Assert.Empty(_rig.Traffic.Applied);
    }

    [Fact]
    public async Task Run_CandidateChangedItsOutputType_IntegrationFails()
    {
        _rig.Metadata.ByBackend["http://127.0.0.1:2/"] = CycleRig.FakeMetadata.Ranker("INT64");

        var record = await RunAsync();

        var integration = Phase(record, CyclePhases.Integration);
        var finding = Assert.Single(integration.Findings);
        Assert.Equal(("v2", "integration.api", "FAIL"), (finding.Version, finding.Check, finding.Status));
        Assert.Equal(CyclePhaseStatus.Ok, integration.Status);
    }

    [Fact]
    public async Task Run_CandidateBackendDown_IntegrationPartialAndTheCycleGoesOn()
    {
        _rig.Metadata.ByBackend.Remove("http://127.0.0.1:2/");

        var record = await RunAsync();

        var integration = Phase(record, CyclePhases.Integration);
        Assert.Equal(CyclePhaseStatus.Partial, integration.Status);
        Assert.Equal(["ranker v2: GET http://127.0.0.1:2/v2/models/ranker failed: Connection refused"], integration.Problems);
        Assert.Equal("INCONCLUSIVE", Assert.Single(integration.Findings).Status);
        Assert.Equal(CyclePhases.All, record.Phases.Select(p => p.Phase));
        Assert.True(File.Exists(Path.Combine(record.Folder!, "ranker", "v2", "deployment_verdict.md")));
    }

    [Fact]
    public async Task Run_RollbackTargets_CheckpointsVerifiedAndDrillDueWithoutGateway()
    {
        var record = await RunAsync();

        var phase = Phase(record, CyclePhases.Rollback);
        Assert.Equal(
            [("v1", "checkpoint", "PASS"), ("v0", "checkpoint", "PASS"), (null, "drill", "INCONCLUSIVE")],
            phase.Findings.Select(f => (f.Version, f.Check, f.Status)));
        Assert.Contains("never drilled", phase.Findings[2].Detail);
        Assert.True(File.Exists(Path.Combine(record.Folder!, "checkpoint_checks.json")));
    }

    [Fact]
    public async Task Run_PendingCandidate_VerdictWrittenNotRecordedWhenNotActedOn()
    {
        var record = await RunAsync();

        var verdict = Assert.Single(Phase(record, CyclePhases.Decision).Findings);
        Assert.Equal(("v2", "verdict"), (verdict.Version, verdict.Check));
        Assert.True(File.Exists(Path.Combine(record.Folder!, "ranker", "v2", "deployment_verdict.json")));
        Assert.Empty(await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.VerdictRecorded, Since = TestClock.Epoch }, ct)));
        Assert.True(File.Exists(Path.Combine(record.Folder!, InnovationReport.MarkdownFile)));
        Assert.True(File.Exists(Path.Combine(record.Folder!, InnovationReport.JsonFile)));
    }

    [Fact]
    public async Task Run_Channels_BeginAndEndOnEveryChannel()
    {
        var record = await RunAsync();

        foreach (var channel in ChannelNames.All)
        {
            var messages = await _rig.Store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, channel, null, null, 100, ct));
            Assert.Equal("begin_cycle", messages[0].Message.Kind);
            Assert.Equal("end_cycle", messages[^1].Message.Kind);
            Assert.All(messages, m => Assert.Equal(record.Id, m.Message.Cycle));
        }
    }

    private static CyclePhaseResult Phase(CycleRecord record, string name) => Assert.Single(record.Phases, p => p.Phase == name);

    private async Task<CycleRecord> RunAsync(CycleOptions? options = null)
    {
        var record = await _rig.Cycle(options).RunAsync("once", null, null, CancellationToken.None);
        Assert.NotNull(record);
        return record;
    }
}
