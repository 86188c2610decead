using Microsoft.Extensions.Logging.Abstractions;
using Warden.Audit;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Leases;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Support;

namespace Warden.Tests.Rollouts;

/// <summary>
/// The rollout controller on a fake clock, a real SQLite store and a recording traffic provider:
/// every look's exact actions (routes set, transitions stored, audit events), restart safety, and
/// one leader at a time with fenced writes.
/// </summary>
public sealed class RolloutControllerTests : IAsyncLifetime
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    // Short windows so a test walks the whole plan: shadow and steps need 100 requests and 10 s.
    private static readonly RolloutPlan Plan = new()
    {
        Shadow = new CanaryStep { WeightPercent = 0, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        Steps =
        [
            new CanaryStep { WeightPercent = 5, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
            new CanaryStep { WeightPercent = 50, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        ],
        BakeTime = TimeSpan.FromSeconds(30),
        EvidencePath = RepoPaths.Sample("bundle-go.yaml"),
    };

    private static readonly VerdictPolicy Policy = new() { MinimumSamples = new MinimumSamplesPolicy { Requests = 100 } };

    private readonly RegistryFixture _f = new();
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        foreach (var v in new[] { "v1", "v2" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first production").ExitCode);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _f.DataDir, Time = _f.Time });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _f.Dispose();
    }

    [Fact]
    public async Task Tick_GoVerdictHumanPromotesFromShadow_StepsPromoteAndBakeWithExactRoutes()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var traffic = Traffic();
        var controller = Controller(traffic, "server-a");
        var rollout = await StartAsync();

        await controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", null, 0, "v2"), traffic.Route("ranker"));

        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Promote, "alice", Policy.VerdictMaxAge);
        await controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", "v2", 5, null), traffic.Route("ranker"));

        // Step 1: healthy canary traffic for 10 s, then the analysis advances to 50 %.
        await HealthyStepAsync();
        await controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", "v2", 50, null), traffic.Route("ranker"));

        // Step 2, the last: every step passed, the candidate becomes production, registry alias included.
        await HealthyStepAsync();
        await controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v2", null, 0, null), traffic.Route("ranker"));
        Assert.Equal("dep-v2", traffic.Applied[^1].Grounds.DeploymentId);
        Assert.False(traffic.Applied[^1].Grounds.Override);
        var aliases = await _store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct));
        Assert.Equal("v2", aliases[RegistryNames.Production]);
        Assert.Equal("v1", aliases[RegistryNames.Previous]);

        // Baking: one tick before the bake time nothing moves; exactly at it the rollout is done.
        _f.Time.Advance(TimeSpan.FromSeconds(29));
        await controller.TickAsync(default);
        Assert.Equal(RolloutPhase.Baking, (await LatestAsync()).State.Phase);
        _f.Time.Advance(Tick);
        await controller.TickAsync(default);
        Assert.Equal(RolloutPhase.Promoted, (await LatestAsync()).State.Phase);

        Assert.Equal(4, traffic.Applied.Count);
        Assert.Equal(
            [AuditActions.RolloutStart, AuditActions.RolloutStep, AuditActions.RolloutStep, AuditActions.RolloutPromote, AuditActions.RolloutBaked],
            await ActionsAsync("rollout:ranker"));
        var history = await _store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(rollout.Id, ct));
        Assert.Equal(["start", "command:promote", "analysis", "analysis", "clock"], history.Select(h => h.Input));
        Assert.Contains("\"outcome\":\"advance\"", history[2].DetailJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_CanaryErrorRateFails_RollsBackToKnownGoodAsOverride()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var traffic = Traffic();
        var controller = Controller(traffic, "server-a");
        await StartAsync();
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Promote, "alice", Policy.VerdictMaxAge);
        await controller.TickAsync(default);

        // 5 % errors on the canary (Wilson lower bound far above 1 %), none on production.
        await WriteWindowsAsync(TrafficArm.Canary, "v2", requests: 400, errors: 20);
        await WriteWindowsAsync(TrafficArm.Production, "v1", requests: 2000, errors: 0);
        _f.Time.Advance(TimeSpan.FromSeconds(10));
        await controller.TickAsync(default);

        var rollout = await LatestAsync();
        Assert.Equal(RolloutPhase.RolledBack, rollout.State.Phase);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), traffic.Route("ranker"));
        Assert.Equal("v1", (await _store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct)))[RegistryNames.Production]);
        Assert.Equal(AuditActions.RolloutRollback, (await ActionsAsync("rollout:ranker"))[^1]);
    }

    [Fact]
    public async Task Tick_AbortDuringBake_RegistryAndRouteGoBackToKnownGood()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var traffic = Traffic();
        var controller = Controller(traffic, "server-a");
        await StartAsync();
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.PromoteFull, "alice", Policy.VerdictMaxAge);
        await controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v2", null, 0, null), traffic.Route("ranker"));

        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Abort, "bob", Policy.VerdictMaxAge);
        await controller.TickAsync(default);

        Assert.Equal(new TrafficRoute("v1", null, 0, null), traffic.Route("ranker"));
        Assert.True(traffic.Applied[^1].Grounds.Override);
        var aliases = await _store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct));
        Assert.Equal("v1", aliases[RegistryNames.Production]);
        Assert.Equal([AuditActions.RolloutStart, AuditActions.RolloutPromote, AuditActions.RolloutRollback], await ActionsAsync("rollout:ranker"));
    }

    [Fact]
    public async Task Tick_RouteChangeFailedBeforeRestart_NewControllerFollowsWithoutANewTransition()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var traffic = Traffic();
        await StartAsync();
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.PromoteFull, "alice", Policy.VerdictMaxAge);

        // The first server stored nothing new and could not set the route, not even as the
        // follow-up override (its gateway could not record it, say).
        traffic.RefuseNext = 2;
        await Controller(traffic, "server-a").TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), traffic.Route("ranker"));
        var events = await CountAsync();

        await Controller(traffic, "server-a2").TickAsync(default);

        Assert.Equal(new TrafficRoute("v2", null, 0, null), traffic.Route("ranker"));
        Assert.Equal(events, await CountAsync());
    }

    [Fact]
    public async Task Tick_ShadowWithoutTraffic_PausesExactlyAtItsMaximumDuration()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var controller = Controller(Traffic(), "server-a");
        await StartAsync();

        _f.Time.Advance(TimeSpan.FromSeconds(59));
        await controller.TickAsync(default);
        Assert.False((await LatestAsync()).State.Paused);

        _f.Time.Advance(Tick);
        await controller.TickAsync(default);
        var rollout = await LatestAsync();
        Assert.True(rollout.State.Paused);
        Assert.Contains("the shadow saw 0 of the 100 mirrored requests", rollout.State.PauseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_TwoControllersOneStore_OnlyTheLeaseHolderActsAndTheOtherTakesOverAtExpiry()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var trafficA = Traffic();
        var trafficB = Traffic();
        var a = Controller(trafficA, "server-a");
        var b = Controller(trafficB, "server-b");
        await StartAsync();
        await a.TickAsync(default);
        await b.TickAsync(default);
        Assert.Equal(1, a.Fence?.Epoch);
        Assert.Null(b.Fence);

        // A stops renewing. One tick before its lease (15 s) lapses B still waits; at expiry B takes epoch 2.
        _f.Time.Advance(TimeSpan.FromSeconds(14));
        await b.TickAsync(default);
        Assert.Null(b.Fence);
        _f.Time.Advance(Tick);
        await b.TickAsync(default);
        Assert.Equal(2, b.Fence?.Epoch);

        // A wakes up with its old fence: the store refuses its write, whatever A decided.
        var stale = new LeaseFence(RolloutControllerOptions.LeaseName, a.Fence!.Holder, 1);
        var rollout = await LatestAsync();
        var outcome = await RolloutTransitions.ApplyAsync(
            _store, rollout.Id, (r, now) => (RolloutMachine.OnCommand(r.State, Plan, RolloutCommand.Abort, now), new RolloutInput("test", "server-a")), stale, Policy.VerdictMaxAge);
        Assert.Equal(RolloutWrite.StaleLease, outcome!.Write);
        Assert.Equal(RolloutPhase.Shadow, (await LatestAsync()).State.Phase);

        // And A's next look finds the lease taken: it stops acting.
        await a.TickAsync(default);
        Assert.Null(a.Fence);
        Assert.Equal(2, (await ActionsAsync("lease:rollout-controller")).Count);
    }

    [Fact]
    public async Task Tick_LookOutlastsTheLease_HoldingRenewedMeanwhileAndTheDecisionStored()
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var evidence = new SlowOfflineEvidence();
        var a = Controller(Traffic(), "server-a", evidence);
        var b = Controller(Traffic(), "server-b");
        await StartAsync();
        await WriteWindowsAsync(TrafficArm.Shadow, "v2", requests: 400, errors: 0);
        await WriteWindowsAsync(TrafficArm.Production, "v1", requests: 2000, errors: 0);
        _f.Time.Advance(TimeSpan.FromSeconds(10));

        // A's look stops in the live verdict (reading the plan's bundle) for 20 s, longer than its
        // 15 s lease: its holding is renewed every interval meanwhile, so B, looking at each second, never takes it.
        var look = a.TickAsync(default).AsTask();
        await evidence.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var second = 0; second < 20; second++)
        {
            _f.Time.Advance(Tick);
            await WaitForLeaseAsync(l => l.ExpiresAt == _f.Time.GetUtcNow() + TimeSpan.FromSeconds(15), "renewed by server-a at this second");
            await b.TickAsync(default);
            Assert.Null(b.Fence);
        }

        evidence.Release.SetResult();
        await look.WaitAsync(TimeSpan.FromSeconds(10));

        // A stored its decision (the bundle failed to read: a pause for a human) under its only epoch.
        var rollout = await LatestAsync();
        Assert.True(rollout.State.Paused);
        Assert.Contains("slow bundle", rollout.State.PauseReason, StringComparison.Ordinal);
        Assert.Equal(1, a.Fence?.Epoch);
        Assert.Equal([AuditActions.ControllerLease], await ActionsAsync("lease:rollout-controller"));
        var paused = (await _store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = "rollout:ranker", Limit = int.MaxValue }, ct))).MaxBy(e => e.Sequence)!;
        Assert.Equal("server-a", paused.Actor);
        Assert.Contains("\"epoch\":1", paused.Payload, StringComparison.Ordinal);
    }

    private async Task WaitForLeaseAsync(Func<Lease, bool> condition, string what)
    {
        Lease? lease = null;
        for (var i = 0; i < 200; i++)
        {
            lease = await _store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(RolloutControllerOptions.LeaseName, ct));
            if (lease is not null && condition(lease))
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"expected the lease {what} at {_f.Time.GetUtcNow():O}; it is {lease}");
    }

    private RecordingTrafficProvider Traffic() => new("ranker", new TrafficRoute("v1", null, 0, null));

    private RolloutController Controller(ITrafficProvider traffic, string holder, IOfflineEvidence? offlineEvidence = null) => new(
        _store,
        traffic,
        offlineEvidence,
        new FixedShadowScores(),
        new RolloutControllerOptions
        {
            Rollouts = new RolloutOptions { Interval = Tick, LeaseDuration = TimeSpan.FromSeconds(15) },
            Policy = Policy,
            Holder = holder,
            ReportsDirectory = Path.Combine(_f.DataDir, "reports"),
        },
        _f.Time,
        NullLogger.Instance);

    private ValueTask<StoredRollout> StartAsync() => RolloutOperations.StartAsync(_store, new RolloutStart
    {
        Service = "ranker",
        Candidate = "v2",
        Plan = Plan,
        Actor = "alice",
        VerdictMaxAge = Policy.VerdictMaxAge,
    });

    private async Task<StoredRollout> LatestAsync() => (await RolloutOperations.LatestAsync(_store, "ranker"))!;

    // 10 s of healthy traffic on the current step: canary v2 and production v1, both 10–20 ms, no errors.
    private async Task HealthyStepAsync()
    {
        await WriteWindowsAsync(TrafficArm.Canary, "v2", requests: 400, errors: 0);
        await WriteWindowsAsync(TrafficArm.Production, "v1", requests: 2000, errors: 0);
        _f.Time.Advance(TimeSpan.FromSeconds(10));
    }

    // Windows in the 10 s from now: latencies spread evenly over 10–20 ms, errors in the first window.
    private async Task WriteWindowsAsync(TrafficArm arm, string version, long requests, long errors)
    {
        var start = _f.Time.GetUtcNow();
        var windows = new List<TelemetryWindow>();
        var perSecond = requests / 10;
        for (var second = 0; second < 10; second++)
        {
            var buckets = new LatencyBuckets();
            for (var i = 0; i < perSecond; i++)
            {
                buckets.Add(10 + (10.0 * i / perSecond));
            }

            windows.Add(new TelemetryWindow
            {
                Service = "ranker",
                Version = version,
                Arm = arm,
                Start = start.AddSeconds(second),
                Requests = perSecond,
                Errors = second == 0 ? errors : 0,
                ErrorsByClass = new Dictionary<string, long>(),
                RequestBytes = 0,
                ResponseBytes = 0,
                Latency = buckets.ToHistogram(),
            });
        }

        await _store.WriteAsync(async (tx, ct) =>
        {
            await tx.TelemetryWindows.WriteAsync(windows, ct);
            return 0;
        });
    }

    private async Task<List<string>> ActionsAsync(string subject) =>
        [.. (await _store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = subject, Limit = int.MaxValue }, ct))).OrderBy(e => e.Sequence).Select(e => e.Action)];

    private async Task<long> CountAsync() =>
        (await _store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Limit = int.MaxValue }, ct))).Count;

    // The plan's bundle, read slowly: the look waits in it until the test releases it, then the read fails.
    private sealed class SlowOfflineEvidence : IOfflineEvidence
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<Core.Verdicts.VerdictEvidence> CollectAsync(string evidencePath, string service, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            throw new InvalidOperationException("slow bundle: not readable after all");
        }
    }

    private sealed class FixedShadowScores : IShadowScores
    {
        public Estimate? Correlation(string service, string shadowVersion, double confidence) => null;
    }
}
