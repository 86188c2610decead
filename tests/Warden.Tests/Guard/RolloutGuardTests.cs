using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Audit;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Guard;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Guard;

/// <summary>
/// The live guard on a fake clock, a real SQLite store, a recording traffic provider and settable
/// in-process counts (the narrow <see cref="IGuardSignals"/>): the exact look at which it trips,
/// the route it sets, what it stores and audits, and the reports it writes.
/// </summary>
public sealed partial class RolloutGuardTests : IAsyncLifetime
{
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(100);

    private static readonly RolloutPlan Plan = new()
    {
        Shadow = new CanaryStep { WeightPercent = 0, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        Steps = [new CanaryStep { WeightPercent = 50, MinRequests = 100_000, MinDuration = TimeSpan.FromMinutes(10), MaxDuration = TimeSpan.FromMinutes(30) }],
        BakeTime = TimeSpan.FromMinutes(30),
        EvidencePath = RepoPaths.Sample("bundle-go.yaml"),
    };

    private static readonly VerdictPolicy Policy = new();

    private readonly RegistryFixture _f = new();
    private readonly FakeSignals _signals = new();
    private SqliteStore _store = null!;
    private RecordingTrafficProvider _traffic = null!;
    private RolloutController _controller = null!;

    public async Task InitializeAsync()
    {
        foreach (var v in new[] { "v1", "v2" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first production").ExitCode);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _f.DataDir, Time = _f.Time });
        _traffic = new RecordingTrafficProvider("ranker", new TrafficRoute("v1", null, 0, null));
        _controller = new RolloutController(
            _store, _traffic, offlineEvidence: null, shadowScores: null,
            new RolloutControllerOptions
            {
                Rollouts = new RolloutOptions { Interval = TimeSpan.FromSeconds(1), LeaseDuration = TimeSpan.FromSeconds(15) },
                Policy = Policy,
                Holder = "server-a",
            },
            _f.Time,
            NullLogger.Instance);
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        await RolloutOperations.StartAsync(_store, new RolloutStart { Service = "ranker", Candidate = "v2", Plan = Plan, Actor = "alice", VerdictMaxAge = Policy.VerdictMaxAge });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _f.Dispose();
    }

    [Fact]
    public async Task Tick_CanaryWithFivePercentErrors_RollsBackAtTheLookTheBoundIsCrossed()
    {
        var guard = await CanaryAsync();
        await LookAsync(guard);

        // Healthy for 2 s (100 requests a second, no errors), then 5 % errors: 5 of every 100.
        for (var look = 0; look < 20; look++)
        {
            _signals.Add("v2", requests: 10, errors: 0);
            _signals.Add("v1", requests: 10, errors: 0);
            await LookAsync(guard);
        }

        var onset = _f.Time.GetUtcNow();
        var looks = 0;
        while ((await LatestAsync()).State.Phase == RolloutPhase.Canary && looks < 200)
        {
            _signals.Add("v2", requests: 20, errors: 1);
            _signals.Add("v1", requests: 20, errors: 0);
            await LookAsync(guard);
            looks++;
        }

        // The phase holds 200 healthy requests, then 20 per look with 1 error: the guard trips at
        // the first look at which the triggers' rule (boundaries checked against python in Core's
        // RollbackTriggersTests) trips on those counts.
        var latest = await LatestAsync();
        Assert.Equal(RolloutPhase.RolledBack, latest.State.Phase);
        var (expectedLooks, expectedTrigger) = FirstTrippingLook(200, 20, 1);
        Assert.Equal(expectedLooks, looks);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), _traffic.Route("ranker"));
        var (_, route, grounds) = _traffic.Applied[^1];

        // Taking a canary away keeps production: no override of the promotion rule is needed.
        Assert.False(grounds.Override);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), route);
        Assert.Equal("server-a", grounds.Actor);

        var record = Assert.Single(guard.Rollbacks);
        Assert.Equal(expectedTrigger, record.Trigger.Trigger);
        Assert.Equal("v2", record.RolledBackVersion);

        // Production's P95, the drift reference, was measured from the phase's first look on.
        Assert.Equal(["v1"], _signals.P95Restarts);
        Assert.Equal("v1", record.RestoredVersion);
        Assert.Equal(record.DetectedAt, record.SwitchedAt);
        Assert.Equal(record.DetectedAt, record.RestoredAt);

        // The onset estimate is the look with the lowest evidence. Here the faulty requests were
        // first counted at the look at `onset`; one error in 20 still lowers the mixture's
        // evidence against 1 %, so the estimate is the look after it — within two intervals.
        Assert.Equal(onset + Look, record.FaultOnsetAt);
        Assert.Equal((record.DetectedAt - record.FaultOnsetAt).TotalSeconds, record.RtoSeconds!.Value, 1e-9);
        Assert.Equal((looks - 2) * Look.TotalSeconds, record.RtoSeconds!.Value, 1e-9);

        var history = await _store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(latest.Id, ct));
        Assert.Equal("guard", history[^1].Input);
        Assert.Contains(record.RollbackRunId, history[^1].DetailJson, StringComparison.Ordinal);
        Assert.Equal(
            [AuditActions.RolloutStart, AuditActions.RolloutStep, AuditActions.RolloutRollback, AuditActions.Rollback],
            await ActionsAsync("rollout:ranker"));
        Assert.Equal([AuditActions.IncidentOpen], await ActionsAsync($"incident:{record.IncidentId}"));

        var folder = Path.Combine(_f.DataDir, "reports", "dep-v2", record.RollbackRunId);
        using var log = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, RollbackReport.LogFile)));
        Assert.Equal(RollbackTriggers.Name(expectedTrigger), log.RootElement.GetProperty("trigger").GetProperty("name").GetString());
        Assert.Equal(record.RtoSeconds!.Value, log.RootElement.GetProperty("rto_seconds").GetDouble(), 1e-9);
        Assert.True(log.RootElement.GetProperty("rto_met").GetBoolean());
        Assert.Contains("## Timeline (UTC)", File.ReadAllText(Path.Combine(folder, RollbackReport.PostmortemFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_FaultAfterAMinuteHealthy_IsCaughtByTheWindowStartedLast()
    {
        var guard = await CanaryAsync();
        var phaseStart = _f.Time.GetUtcNow();
        await LookAsync(guard);

        // Healthy for 60 s (100 requests a second on each arm), then 5 % errors on v2. The
        // controller renews its lease every second meanwhile (its step holds: no telemetry windows).
        for (var look = 1; look <= 600; look++)
        {
            _signals.Add("v2", requests: 10, errors: 0);
            _signals.Add("v1", requests: 10, errors: 0);
            await LookAsync(guard);
            if (look % 10 == 0)
            {
                await _controller.TickAsync(default);
            }
        }

        var looks = 0;
        while ((await LatestAsync()).State.Phase == RolloutPhase.Canary && looks < 600)
        {
            _signals.Add("v2", requests: 20, errors: 1);
            _signals.Add("v1", requests: 20, errors: 0);
            await LookAsync(guard);
            looks++;
        }

        // The windows then: the phase (6,000 healthy requests before the fault, half the level)
        // and fresh windows started at 10, 20, … 60 s, the k-th with 1,000 × (6 − k) healthy
        // requests before the fault and 1 / (2k(k + 1)) of the level. The first look at which one
        // of them trips, by the triggers' rule:
        var windows = new List<(long Healthy, double Spend, long K)> { (6000, GuardWindows.PhaseSpend, 0) };
        windows.AddRange(Enumerable.Range(1, 6).Select(k => (1000L * (6 - k), GuardWindows.RestartSpend(k), (long)k)));
        var (expectedLooks, expectedTrigger, expectedWindow) = FirstTrippingLook(windows, 20, 1);
        Assert.Equal(expectedLooks, looks);
        Assert.Equal(RolloutPhase.RolledBack, (await LatestAsync()).State.Phase);
        var record = Assert.Single(guard.Rollbacks);
        Assert.Equal(expectedTrigger, record.Trigger.Trigger);
        Assert.Equal(phaseStart + (expectedWindow * GuardWindows.RestartEvery), record.WindowStartedAt);
        Assert.Equal(RollbackTriggers.TriggerAlpha(Policy.Guard) * GuardWindows.RestartSpend(expectedWindow), record.WindowAlpha, 1e-15);

        // The window started at 60 s trips at look 15 (1.5 s after the fault); the phase window
        // alone would have tripped at look 40, on production's comparison (with no production to
        // compare with, as in the bake time, its error-rate test alone would need 129 looks).
        Assert.Equal((15, 6L), (expectedLooks, expectedWindow));
        Assert.Equal(40, FirstTrippingLook([(6000, GuardWindows.PhaseSpend, 0)], 20, 1).Look);
    }

    [Fact]
    public async Task Tick_HealthyCanaryAtTheLimit_NeverRollsBack()
    {
        var guard = await CanaryAsync();

        // Exactly 1 % errors and 5 % slow requests for 60 s at 200 requests a second: at the
        // thresholds, never above them.
        for (var look = 0; look < 600; look++)
        {
            _signals.Add("v2", requests: 20, errors: look % 5 == 0 ? 1 : 0, slow: 1);
            _signals.Add("v1", requests: 20, errors: look % 5 == 0 ? 1 : 0, slow: 1);
            await LookAsync(guard);
        }

        Assert.Equal(RolloutPhase.Canary, (await LatestAsync()).State.Phase);
        Assert.Empty(guard.Rollbacks);
    }

    [Fact]
    public async Task Tick_BackendMarkedDown_RollsBackAtTheNextLook()
    {
        var guard = await CanaryAsync();
        await LookAsync(guard);

        _signals.Down.Add("v2");
        await LookAsync(guard);

        Assert.Equal(RolloutPhase.RolledBack, (await LatestAsync()).State.Phase);
        Assert.Equal(GuardTrigger.BackendDown, Assert.Single(guard.Rollbacks).Trigger.Trigger);
    }

    [Fact]
    public async Task Tick_LatencyFaultDuringBake_RollsBackToPrevious()
    {
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.PromoteFull, "alice", Policy.VerdictMaxAge);
        await _controller.TickAsync(default);
        Assert.Equal(RolloutPhase.Baking, (await LatestAsync()).State.Phase);
        var guard = Guard(() => _controller.Fence);
        await LookAsync(guard);

        // Every request slower than 55 ms: 7 of 7 trip the 5 % trigger (7 of 20 already do: RollbackTriggersTests).
        _signals.Add("v2", requests: 7, errors: 0, slow: 7);
        await LookAsync(guard);

        Assert.Equal(RolloutPhase.RolledBack, (await LatestAsync()).State.Phase);
        Assert.Equal(GuardTrigger.LatencyTarget, Assert.Single(guard.Rollbacks).Trigger.Trigger);
        Assert.Null(guard.Rollbacks[0].Reference);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), _traffic.Route("ranker"));

        // Production goes back to the version a verdict no longer vouches for: an override.
        Assert.True(_traffic.Applied[^1].Grounds.Override);
        var aliases = await _store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync("ranker", ct));
        Assert.Equal("v1", aliases[RegistryNames.Production]);
    }

    [Fact]
    public async Task Tick_WithoutTheLease_DoesNothing()
    {
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Promote, "alice", Policy.VerdictMaxAge);
        await _controller.TickAsync(default);
        var guard = Guard(() => null);
        _signals.Down.Add("v2");

        await LookAsync(guard);

        Assert.Equal(RolloutPhase.Canary, (await LatestAsync()).State.Phase);
        Assert.Empty(guard.Rollbacks);
    }

    // The rollout promoted by a human from shadow to its one canary step (50 %), routed.
    private async Task<RolloutGuard> CanaryAsync(GuardReadingLog? readings = null)
    {
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Promote, "alice", Policy.VerdictMaxAge);
        await _controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", "v2", 50, null), _traffic.Route("ranker"));
        return Guard(() => _controller.Fence, readings);
    }

    private RolloutGuard Guard(Func<Leases.LeaseFence?> fence, GuardReadingLog? readings = null) => new(
        _store,
        _traffic,
        _signals,
        fence,
        new RolloutGuardOptions { Policy = Policy, Holder = "server-a", ReportsDirectory = Path.Combine(_f.DataDir, "reports"), Readings = readings },
        _f.Time,
        NullLogger.Instance);

    private async Task LookAsync(RolloutGuard guard)
    {
        await guard.TickAsync(default);
        _f.Time.Advance(Look);
    }

    // The first look k (1-based) after `healthy` error-free requests at which `perLook` more
    // requests with `errorsPerLook` errors each make the error-rate test trip: the same rule as
    // RollbackTriggers, whose boundary values are checked against python in Core's tests, on the
    // phase window (half of each trigger's level; no window restarts within these 10 s).
    private static (int Look, GuardTrigger Trigger) FirstTrippingLook(long healthy, long perLook, long errorsPerLook)
    {
        for (var k = 1; k < 10_000; k++)
        {
            var readings = RollbackTriggers.Evaluate(Policy, new GuardInput
            {
                Guarded = new GuardCounts(healthy + (k * perLook), k * errorsPerLook, 0, 0, 0, 0, 0),
                Reference = new GuardCounts(healthy + (k * perLook), 0, 0, 0, 0, 0, 0),
                Spend = GuardWindows.PhaseSpend,
            });
            if (RollbackTriggers.FirstTripped(readings) is { } tripped)
            {
                return (k, tripped.Trigger);
            }
        }

        return (-1, GuardTrigger.BackendDown);
    }

    // The first look (1-based) at which one of the windows trips, each window's counts being its
    // healthy requests before the fault plus `perLook` requests with `errorsPerLook` errors a look
    // (production: the same requests without errors); the first window in order wins a tie.
    private static (int Look, GuardTrigger Trigger, long Window) FirstTrippingLook(List<(long Healthy, double Spend, long K)> windows, long perLook, long errorsPerLook)
    {
        for (var k = 1; k < 10_000; k++)
        {
            foreach (var (healthy, spend, index) in windows)
            {
                var readings = RollbackTriggers.Evaluate(Policy, new GuardInput
                {
                    Guarded = new GuardCounts(healthy + (k * perLook), k * errorsPerLook, 0, 0, 0, 0, 0),
                    Reference = new GuardCounts(healthy + (k * perLook), 0, 0, 0, 0, 0, 0),
                    Spend = spend,
                });
                if (RollbackTriggers.FirstTripped(readings) is { } tripped)
                {
                    return (k, tripped.Trigger, index);
                }
            }
        }

        return (-1, GuardTrigger.BackendDown, -1);
    }

    private async Task<StoredRollout> LatestAsync() => (await RolloutOperations.LatestAsync(_store, "ranker"))!;

    private async Task<List<string>> ActionsAsync(string subject) =>
        [.. (await _store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = subject, Limit = int.MaxValue }, ct))).OrderBy(e => e.Sequence).Select(e => e.Action)];

    private sealed class FakeSignals : IGuardSignals
    {
        private readonly Dictionary<string, GuardCounts> _counts = [];

        public HashSet<string> Down { get; } = [];

        public void Add(string version, long requests, long errors, long slow = 0)
        {
            var c = _counts.GetValueOrDefault(version);
            _counts[version] = c with { Requests = c.Requests + requests, Errors = c.Errors + errors, Slow = c.Slow + slow };
        }

        public GuardCounts Read(string service, string version) => _counts.GetValueOrDefault(version);

        public bool IsDown(string service, string version) => Down.Contains(version);

        public double? P95Ms(string service, string version, long minimum) => null;

        public List<string> P95Restarts { get; } = [];

        public void RestartP95(string service, string version) => P95Restarts.Add(version);

        public void SetDriftThreshold(string service, string version, double thresholdMs)
        {
        }
    }
}
