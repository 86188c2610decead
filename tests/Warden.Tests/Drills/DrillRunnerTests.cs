using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Drills;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Drills;

/// <summary>
/// The drill runner on a fake clock and a real SQLite store, with fakes behind its three ports
/// only: the exact fault endpoint calls, the drill rollout's history (started by the drill, ended
/// by the guard's trip or the drill's abort), every recorded field of each run, and its
/// <c>drill</c> audit event. The test plays the live guard (see <see cref="DrillRunnerRig"/>).
/// </summary>
public sealed class DrillRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Epoch = TestClock.Epoch;
    private static readonly string RunId = DrillIds.Run(DrillRunnerRig.DrillId, 1);

    // What each run of a fault drill sends: a clear before the rollout starts (a fault left over
    // from an interrupted drill), the fault, and a clear after the run.
    private static readonly string[] ErrorsCalls = ["""{"error_rate":0}""", """{"error_rate":0.05}""", """{"error_rate":0}"""];

    // A human's plan for the drill route: shadow first, as every rollout starts.
    private static readonly RolloutPlan ShadowPlan = new()
    {
        Shadow = new CanaryStep { WeightPercent = 0, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        Steps = [new CanaryStep { WeightPercent = 50, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) }],
        BakeTime = TimeSpan.FromSeconds(30),
        EvidencePath = RepoPaths.Sample("bundle-go.yaml"),
    };

    private DrillRunnerRig _rig = null!;

    public async Task InitializeAsync() => _rig = await DrillRunnerRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Run_ErrorsFaultGuardTripsAfterOneAndAHalfSeconds_SuccessMeasuredFromTheSamples()
    {
        // The canary runs healthy 2 s (--fault-after), then the fault; the guard trips 1.5 s later.
        var onset = Epoch + TimeSpan.FromSeconds(2);
        _rig.Load.Samples.AddRange(
        [
            DrillRunnerRig.Sample(1.0, 200, "faulty"),   // before the fault: not counted
            DrillRunnerRig.Sample(2.0, 200, "v1"),
            DrillRunnerRig.Sample(2.1, 500, "faulty"),   // the fault's damage
            DrillRunnerRig.Sample(2.2, 200, "faulty"),
            DrillRunnerRig.Sample(2.9, 500, "faulty"),   // the fault's damage
            DrillRunnerRig.Sample(3.2, 200, "faulty"),   // the last request to reach the faulty build
            DrillRunnerRig.Sample(3.3, 502, null),       // failed in the switch (no version answered)
            DrillRunnerRig.Sample(3.45, 200, "v1"),
            DrillRunnerRig.Sample(3.6, 500, "faulty"),   // after the drill saw the rollback: not counted
        ]);
        var setup = DrillRunnerRig.Setup("errors") with { FaultAfter = TimeSpan.FromSeconds(2) };

        var (runner, stopped) = await _rig.RunAsync(setup, _rig.GuardTrips(() => _rig.Build.FaultAt, TimeSpan.FromSeconds(1.5), GuardTrigger.ErrorRate));

        Assert.Null(stopped);
        Assert.Equal(ErrorsCalls, _rig.Build.Sent);
        Assert.Equal(onset, _rig.Build.FaultAt);
        var rollback = Assert.Single(_rig.Rollbacks);
        Assert.Equal(RunId, rollback.DeploymentId);
        var run = Assert.Single(runner.Runs);

        // Counted by hand over the samples sent in [2.0 s, 3.52 s) — the drill sees the canary
        // gone at its first look after the trip at 3.5 s: 7 requests (2.0, 2.1, 2.2, 2.9, 3.2, 3.3,
        // 3.45), 4 to the faulty build (2.1, 2.2, 2.9, 3.2), 2 failed by the fault, 1 elsewhere; the last to the faulty build left at
        // 3.2 s, so RTO = 3.2 − 2.0 = 1.2 s; detection = 3.5 − 2.0 = 1.5 s.
        Assert.Equal(
            new DrillRun
            {
                RunId = RunId,
                DrillId = DrillRunnerRig.DrillId,
                Service = "ranker",
                Route = DrillRunnerRig.Route,
                Fault = "errors",
                FaultSettings = """{"error_rate":0.05}""",
                Candidate = "faulty",
                KnownGood = "v1",
                RolloutId = run.RolloutId,
                StartedAt = Epoch,
                ExposedAt = Epoch,
                FaultOnsetAt = onset,
                DetectedAt = Epoch + TimeSpan.FromSeconds(3.5),
                SwitchedAt = Epoch + TimeSpan.FromSeconds(3.5),
                RestoredAt = Epoch + TimeSpan.FromSeconds(3.2),
                RtoSeconds = (TimeSpan.FromSeconds(3.2) - TimeSpan.FromSeconds(2)).TotalSeconds,
                RpoSeconds = null, // no verified checkpoint of ranker in this store
                DetectionSeconds = 1.5,
                Trigger = "error_rate",
                RollbackRunId = rollback.RollbackRunId,
                RolledBack = true,
                Success = true,
                Requests = 7,
                RequestsToCandidate = 4,
                FailedByFault = 2,
                FailedDuringSwitch = 1,
                Evidence = $"rollback_log.json#{rollback.RollbackRunId}",
                Problem = null,
            },
            run);
        Assert.Equal(1.2, run.RtoSeconds);
        Assert.Equal("rb-20261122T000003500Z-1", rollback.RollbackRunId);

        Assert.Equal(["drill", "guard"], await InputsAsync(run));
        var drillEvent = await AssertRecordedAsync(runner);
        Assert.Equal(
            [$"run 1/1 {RunId}: rolled back by error_rate, RTO 1.20 s (detection 1.50 s), RPO not measured; 2 failed on faulty, 1 failed elsewhere; event {drillEvent[0].Id}"],
            _rig.Progress);
    }

    [Fact]
    public async Task Run_NothingTrips_TimesOutAtDrillTimeoutAbortsAndFails()
    {
        _rig.Load.Samples.AddRange(
        [
            DrillRunnerRig.Sample(0.5, 200, "faulty"),
            DrillRunnerRig.Sample(30, 200, "v1"),
            DrillRunnerRig.Sample(59.99, 500, "faulty"),
            DrillRunnerRig.Sample(60, 200, "faulty"),   // at the timeout: the window is [onset, end)
        ]);
        var timeout = TimeSpan.FromSeconds(60);
        RolloutPhase? phaseOneStepBefore = null;
        var (runner, stopped) = await _rig.RunAsync(DrillRunnerRig.Setup("errors"), async () =>
        {
            if (_rig.Time.GetUtcNow() == Epoch + timeout - DrillRunnerRig.Step)
            {
                phaseOneStepBefore = (await _rig.RolloutsAsync())[0].State.Phase;
            }
        });

        Assert.Null(stopped);
        Assert.Equal(ErrorsCalls, _rig.Build.Sent);
        var run = Assert.Single(runner.Runs);
        Assert.Equal(
            (false, false, "the guard did not roll back within 60 s of the fault (drill.timeout_s); the drill aborted the rollout"),
            (run.Success, run.RolledBack, run.Problem));
        Assert.Equal((Epoch, (DateTimeOffset?)Epoch, (DateTimeOffset?)Epoch), (run.StartedAt, run.ExposedAt, run.FaultOnsetAt));
        Assert.Equal((null, null, null, null, null), (run.RtoSeconds, run.DetectionSeconds, run.RestoredAt, run.Trigger, run.RollbackRunId));
        // Sent in [0 s, 60 s): 0.5 (faulty), 30 (v1), 59.99 (faulty, failed).
        Assert.Equal((3L, 2L, 1L, 0L), (run.Requests, run.RequestsToCandidate, run.FailedByFault, run.FailedDuringSwitch));
        Assert.Equal($"recovery_test.json#{RunId}", run.Evidence);

        // One step before the timeout the canary still ran; the abort is stored at the timeout exactly.
        Assert.Equal(RolloutPhase.Canary, phaseOneStepBefore);
        var history = await _rig.HistoryAsync(run.RolloutId!.Value);
        Assert.Equal(["drill", "command:abort"], history.Select(h => h.Input));
        Assert.Equal((Epoch + timeout, DrillRunnerRig.Actor, RolloutPhase.RolledBack), (history[1].Time, history[1].Actor, history[1].PhaseAfter));
        Assert.Equal(new DrillRouteView("v1", null), await RouteAsync());

        // Recorded after the 1.5 s the answers in flight get to come in.
        var recorded = Assert.Single(await AssertRecordedAsync(runner));
        Assert.Equal(Epoch + timeout + TimeSpan.FromSeconds(1.5), recorded.Time);
        Assert.StartsWith($"run 1/1 {RunId}: FAILED: the guard did not roll back within 60 s", Assert.Single(_rig.Progress), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AaTenSecondsWithoutRollback_SuccessAbortedAtTheEndNoFaultCalls()
    {
        _rig.Load.Samples.AddRange(
        [
            DrillRunnerRig.Sample(1, 200, "faulty"),
            DrillRunnerRig.Sample(2, 200, "v1"),
            DrillRunnerRig.Sample(5, 503, "v1"),
            DrillRunnerRig.Sample(9.99, 200, "faulty"),
            DrillRunnerRig.Sample(10, 200, "faulty"),   // at the end: not counted
        ]);
        var setup = DrillRunnerRig.Setup(fault: null) with { AaDuration = TimeSpan.FromSeconds(10) };

        var (runner, stopped) = await _rig.RunAsync(setup);

        Assert.Null(stopped);
        Assert.Empty(_rig.Build.Calls);
        var run = Assert.Single(runner.Runs);

        // Sent in [exposure, exposure + 10 s) = [0 s, 10 s): 1 (faulty), 2 (v1), 5 (v1, 503), 9.99 (faulty).
        Assert.Equal(
            new DrillRun
            {
                RunId = RunId,
                DrillId = DrillRunnerRig.DrillId,
                Service = "ranker",
                Route = DrillRunnerRig.Route,
                Candidate = "faulty",
                KnownGood = "v1",
                RolloutId = run.RolloutId,
                StartedAt = Epoch,
                ExposedAt = Epoch,
                RolledBack = false,
                Success = true,
                Requests = 4,
                RequestsToCandidate = 2,
                FailedByFault = 0,
                FailedDuringSwitch = 1,
                Evidence = $"recovery_test.json#{RunId}",
            },
            run);
        var history = await _rig.HistoryAsync(run.RolloutId!.Value);
        Assert.Equal(["drill", "command:abort"], history.Select(h => h.Input));
        Assert.Equal(Epoch + TimeSpan.FromSeconds(10), history[1].Time);
        Assert.Equal(new DrillRouteView("v1", null), await RouteAsync());
        var recorded = Assert.Single(await AssertRecordedAsync(runner));
        Assert.Equal([$"run 1/1 {RunId}: no rollback in 10 s (2 requests to faulty); 0 failed on faulty, 1 failed elsewhere; event {recorded.Id}"], _rig.Progress);
    }

    [Fact]
    public async Task Run_AaRolledBackAfterFourSeconds_FalseRollbackRecorded()
    {
        var setup = DrillRunnerRig.Setup(fault: null) with { AaDuration = TimeSpan.FromSeconds(10) };

        var (runner, stopped) = await _rig.RunAsync(setup, _rig.GuardTrips(() => Epoch, TimeSpan.FromSeconds(4), GuardTrigger.LatencyTarget));

        Assert.Null(stopped);
        Assert.Empty(_rig.Build.Calls);
        var rollback = Assert.Single(_rig.Rollbacks);
        var run = Assert.Single(runner.Runs);
        Assert.Equal((false, true, "latency_p95", rollback.RollbackRunId), (run.Success, run.RolledBack, run.Trigger, run.RollbackRunId));
        Assert.Equal((Epoch + TimeSpan.FromSeconds(4), Epoch + TimeSpan.FromSeconds(4)), (run.DetectedAt, run.SwitchedAt));
        Assert.Equal($"rollback_log.json#{rollback.RollbackRunId}", run.Evidence);

        // The drill sees the canary gone at its first look after the trip, 4.02 s: "4.0 s".
        Assert.Equal("false rollback after 4.0 s of a healthy canary (latency_p95)", run.Problem);
        Assert.Equal(["drill", "guard"], await InputsAsync(run));
        var recorded = Assert.Single(await AssertRecordedAsync(runner));
        Assert.Equal([$"run 1/1 {RunId}: FALSE ROLLBACK: {run.Problem}; 0 failed on faulty, 0 failed elsewhere; event {recorded.Id}"], _rig.Progress);
    }

    [Theory]
    [InlineData(false, "up")]
    [InlineData(true, "down")]
    public async Task Run_FaultyBuildNotReady_NotRunAndNoRolloutStored(bool ready, string health)
    {
        _rig.Build.Ready = ready;
        _rig.Gateway.Health["faulty"] = health;

        var (runner, stopped) = await _rig.RunAsync(DrillRunnerRig.Setup("errors"));

        Assert.Null(stopped);
        var run = Assert.Single(runner.Runs);
        Assert.Equal(
            "the faulty build faulty did not answer its readiness check within 5 s; after a crash drill its supervisor (systemd, Kubernetes, a restart loop) must start it again (drill.ready_timeout_s)",
            run.Problem);
        Assert.Equal((false, false, null, Epoch, $"recovery_test.json#{RunId}"), (run.Success, run.RolledBack, run.RolloutId, run.StartedAt, run.Evidence));
        Assert.Null(run.FaultOnsetAt);

        // Checked every 200 ms from 0 to 5 s inclusive: 26 checks, the last at the deadline.
        Assert.Equal(26, _rig.Build.ReadyChecks);
        Assert.Empty(_rig.Build.Calls);
        Assert.Empty(await _rig.RolloutsAsync());
        Assert.Single(await AssertRecordedAsync(runner));
    }

    [Fact]
    public async Task Run_AnotherRolloutStartsOnTheRoute_StoppedWithTheRefusalRunsMadeKept()
    {
        // A human's rollout of the drill route (registry, GO verdict), started in its shadow phase
        // while the drill's second run waits for the faulty build: the route still shows v1 alone
        // (a shadow is no canary), so only the store's refusal stops the run.
        await RegisterShadowCandidateAsync();
        var setup = DrillRunnerRig.Setup(fault: null, runs: 2) with { AaDuration = TimeSpan.FromSeconds(2) };
        StoredRollout? human = null;
        var (runner, stopped) = await _rig.RunAsync(setup, async () =>
        {
            if (_rig.Time.GetUtcNow() == Epoch + TimeSpan.FromSeconds(1))
            {
                _rig.Build.Ready = false;
            }
            else if (human is null && _rig.Build.ReadyChecks > 1 && !_rig.Build.Ready)
            {
                human = await RolloutOperations.StartAsync(_rig.Store, new RolloutStart
                {
                    Service = DrillRunnerRig.Route,
                    Candidate = "v2",
                    Plan = ShadowPlan,
                    Actor = "alice",
                    VerdictMaxAge = DrillRunnerRig.Policy.VerdictMaxAge,
                });
                _rig.Build.Ready = true;
            }
        });

        Assert.NotNull(human);
        Assert.NotNull(stopped);
        Assert.Equal(
            $"ranker-drill has a rollout running already: rollout {human.Id} of v2, in shadow. A drill never runs beside another rollout of its route: " +
            "wait for it to finish, or stop it with 'warden rollout abort ranker-drill'.",
            stopped.Message);
        var run = Assert.Single(runner.Runs);
        Assert.Equal((RunId, true), (run.RunId, run.Success));
        Assert.Single(await AssertRecordedAsync(runner));

        // The human's rollout is untouched; the drill's first rollout was aborted, the second never stored.
        var rollouts = await _rig.RolloutsAsync();
        Assert.Equal(
            [(human.Id, RolloutPhase.Shadow, "dep-v2"), (run.RolloutId!.Value, RolloutPhase.RolledBack, RunId)],
            rollouts.Select(r => (r.Id, r.State.Phase, r.State.DeploymentId)));
        Assert.Equal(["drill", "command:abort"], await InputsAsync(run));
    }

    [Fact]
    public async Task Run_Crash_CrashedOnceAndNothingClearedAfter()
    {
        var (runner, stopped) = await _rig.RunAsync(
            DrillRunnerRig.Setup("crash"),
            _rig.GuardTrips(() => _rig.Build.FaultAt, TimeSpan.FromSeconds(1.5), GuardTrigger.BackendDown));

        Assert.Null(stopped);
        Assert.Equal([DrillFaults.CrashRequest], _rig.Build.Sent);
        var run = Assert.Single(runner.Runs);
        Assert.Equal(("crash", DrillFaults.CrashRequest, true, "backend_down", 1.5), (run.Fault, run.FaultSettings, run.Success, run.Trigger, run.DetectionSeconds));

        // No request reached the faulty build: traffic counts as restored when the guard switched.
        Assert.Equal((Epoch + TimeSpan.FromSeconds(1.5), 1.5), (run.RestoredAt, run.RtoSeconds));
        Assert.Equal(["drill", "guard"], await InputsAsync(run));
        Assert.Single(await AssertRecordedAsync(runner));
    }

    // ranker-drill v1 (production) and v2 in the registry, with a GO verdict for v2 against v1.
    private async Task RegisterShadowCandidateAsync()
    {
        var f = _rig.Registry;
        foreach (var v in new[] { "v1", "v2" })
        {
            Assert.Equal(0, f.Run("registry", "add", DrillRunnerRig.Route, v, "--artifact", f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, f.Run("registry", "alias", DrillRunnerRig.Route, "production", "v1", "--override", "--reason", "first production").ExitCode);
        await new ModelRegistry(_rig.Store).RecordVerdictAsync(new VerdictRecord
        {
            DeploymentId = "dep-v2",
            Model = DrillRunnerRig.Route,
            CandidateVersion = "v2",
            BaselineVersion = "v1",
            Outcome = "GO",
            ReportSha256 = new string('c', 64),
            EvidenceIds = ["ev:0a1b2c3d"],
            RecordedAt = _rig.Time.GetUtcNow(),
            Actor = "ci",
        });
    }

    private async Task<List<string>> InputsAsync(DrillRun run) => [.. (await _rig.HistoryAsync(run.RolloutId!.Value)).Select(h => h.Input)];

    private async Task<DrillRouteView> RouteAsync()
    {
        var route = await _rig.Gateway.ReadAsync(DrillRunnerRig.Route, default);
        return route with { Health = null };
    }

    // Each run is one drill event (subject drill:ranker, deployment id the run's id) whose payload reads back as the run.
    private async Task<List<Audit.AuditEvent>> AssertRecordedAsync(DrillRunner runner)
    {
        var events = await _rig.DrillEventsAsync();
        Assert.Equal(runner.Runs.Select(r => r.RunId), events.Select(e => e.DeploymentId));
        foreach (var (run, e) in runner.Runs.Zip(events))
        {
            Assert.Equal(("drill:ranker", DrillRunnerRig.Actor), (e.Subject, e.Actor));
            Assert.Equal(run, DrillReport.Read(e.Payload));
        }

        return events;
    }
}
