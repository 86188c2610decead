using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Core.Drills;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Drills;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Support;

namespace Warden.Tests.Drills;

/// <summary>
/// A <see cref="DrillRunner"/> on a fake clock and a real SQLite store, with fakes behind its three
/// ports only (gateway, faulty build, load). The test plays the live guard: it rolls the drill's
/// rollout back as <c>RolloutGuard</c> does (the machine's guard trip stored through the rollout's
/// transitions, then a <c>rollback</c> event whose payload is the run's <c>rollback_log.json</c>).
/// The clock moves in 10 ms steps, and only while the runner is parked in one of its waits.
/// </summary>
internal sealed class DrillRunnerRig : IAsyncDisposable
{
    /// <summary>The drill route.</summary>
    public const string Route = "ranker-drill";

    /// <summary>Who runs the drill.</summary>
    public const string Actor = "drill-tester";

    /// <summary>Who plays the guard (the server's lease holder).</summary>
    public const string GuardHolder = "server-a";

    /// <summary>One clock step: divides every wait of the runner (20 ms polls, 200 ms readiness checks, 1.5 s settle), so steps land on their ends.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    /// <summary>The policy of every drill here (defaults).</summary>
    public static readonly VerdictPolicy Policy = new();

    private DrillRunnerRig(RegistryFixture registry, SqliteStore store)
    {
        Registry = registry;
        Store = store;
        Clock = new WaitCountingClock(registry.Time);
        Gateway = new FakeDrillGateway(store, "v1");
        Build = new RecordingFaultyBuild(registry.Time);
    }

    /// <summary>The data directory and the in-process CLI on it, on the same fake clock.</summary>
    public RegistryFixture Registry { get; }

    /// <summary>The fake clock (at <see cref="TestClock.Epoch"/> until a drill runs).</summary>
    public FakeTimeProvider Time => Registry.Time;

    /// <summary>The clock the runner gets: the fake clock, counting the runner's waits.</summary>
    public WaitCountingClock Clock { get; }

    public SqliteStore Store { get; }

    public FakeDrillGateway Gateway { get; }

    public RecordingFaultyBuild Build { get; }

    public ScriptedDrillLoad Load { get; } = new();

    /// <summary>The runner's progress lines.</summary>
    public List<string> Progress { get; } = [];

    /// <summary>The rollbacks the test's guard carried out, in order.</summary>
    public List<RollbackRecord> Rollbacks { get; } = [];

    /// <summary>Every drill here starts at the epoch: its id.</summary>
    public static string DrillId => DrillIds.Drill(TestClock.Epoch);

    public static async Task<DrillRunnerRig> StartAsync()
    {
        var registry = new RegistryFixture();
        var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = registry.DataDir, Time = registry.Time });
        return new DrillRunnerRig(registry, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Registry.Dispose();
    }

    /// <summary>A drill of ranker on its drill route: <paramref name="fault"/> (null: A/A) at its defaults, a 60 s timeout, a 5 s readiness wait.</summary>
    public static DrillSetup Setup(string? fault, int runs = 1) => new()
    {
        DrillId = DrillId,
        Service = "ranker",
        Route = Route,
        Candidate = "faulty",
        KnownGood = "v1",
        Fault = fault,
        FaultBody = fault is null ? null : DrillFaults.Start(fault, DrillFaults.DefaultRate, DrillFaults.DefaultDelayMs),
        Runs = runs,
        Timeout = TimeSpan.FromSeconds(60),
        ReadyTimeout = TimeSpan.FromSeconds(5),
        WeightPercent = 50,
        Policy = Policy,
        Actor = Actor,
    };

    /// <summary>A scripted request sent <paramref name="seconds"/> after the epoch.</summary>
    public static DrillSample Sample(double seconds, int status, string? version) =>
        new(TestClock.Epoch + TimeSpan.FromSeconds(seconds), status, version);

    /// <summary>
    /// Runs the drill to its end, moving the clock a <see cref="Step"/> at a time whenever the
    /// runner waits on it; <paramref name="onStep"/> runs before every step, while the runner waits.
    /// Returns the runner and, when the drill stopped, why.
    /// </summary>
    public async Task<(DrillRunner Runner, DrillStopped? Stopped)> RunAsync(DrillSetup setup, Func<Task>? onStep = null)
    {
        var runner = new DrillRunner(Store, setup, Gateway, Build, Load, Clock, Progress.Add);
        var run = Task.Run(() => runner.RunAsync(CancellationToken.None));
        var limit = Time.GetUtcNow() + TimeSpan.FromMinutes(30);
        while (true)
        {
            Assert.True(
                SpinWait.SpinUntil(() => run.IsCompleted || Clock.Waiting > 0, TimeSpan.FromSeconds(30)),
                $"the runner neither finished nor waited on the clock within 30 s (real time) at {Time.GetUtcNow():O}");
            if (run.IsCompleted)
            {
                break;
            }

            if (onStep is not null)
            {
                await onStep();
            }

            Time.Advance(Step);
            Assert.True(Time.GetUtcNow() < limit, "the drill ran 30 minutes on the fake clock without ending");
        }

        try
        {
            await run;
            return (runner, null);
        }
        catch (DrillStopped stopped)
        {
            return (runner, stopped);
        }
    }

    /// <summary>
    /// A step action: the guard trips on <paramref name="trigger"/> once <paramref name="after"/> has
    /// passed since <paramref name="from"/> (null: not yet), as long as the drill's rollout is active.
    /// </summary>
    public Func<Task> GuardTrips(Func<DateTimeOffset?> from, TimeSpan after, GuardTrigger trigger) => async () =>
    {
        if (from() is { } start && Time.GetUtcNow() >= start + after && Rollbacks.Count == 0)
        {
            Rollbacks.Add(await TripAsync(trigger, start));
        }
    };

    /// <summary>
    /// Rolls the route's active rollout back now as the live guard does: the machine's guard trip
    /// stored through <see cref="RolloutTransitions.ApplyAsync"/> (no lease fence), then the
    /// <c>rollback</c> event under the rollout's deployment id with <c>rollback_log.json</c> as its payload.
    /// </summary>
    public async Task<RollbackRecord> TripAsync(GuardTrigger trigger, DateTimeOffset onset)
    {
        var rollout = await Store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync(Route, ct)) ?? throw new InvalidOperationException($"{Route} has no active rollout to roll back");
        var now = Time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"rb-{now.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{rollout.Id}");
        var name = RollbackTriggers.Name(trigger);
        var reason = $"{name}: tripped by the test (rollback {runId})";
        var detail = JsonSerializer.Serialize(new { rollback_run_id = runId, trigger = name, detection = now });
        var outcome = await RolloutTransitions.ApplyAsync(
            Store,
            rollout.Id,
            (stored, at) => (RolloutMachine.OnGuardTrip(stored.State, reason, at), new RolloutInput("guard", GuardHolder, detail)),
            fence: null,
            Policy.VerdictMaxAge);
        Assert.True(outcome is { Stored: true }, outcome?.Transition.Reason ?? "no transition");

        var reading = new TriggerReading { Trigger = trigger, Tripped = true, Observed = 0.05, Bound = 0.02, Threshold = 0.01, Description = "set by the test" };
        var record = new RollbackRecord
        {
            RollbackRunId = runId,
            IncidentId = "inc-" + runId[3..],
            RolloutId = rollout.Id,
            DeploymentId = rollout.State.DeploymentId,
            Service = rollout.State.Service,
            RolledBackVersion = rollout.State.Candidate,
            RestoredVersion = rollout.State.KnownGood,
            Phase = RolloutText.Where(rollout.State),
            Trigger = reading,
            Readings = [reading],
            Guarded = new GuardCounts(100, 5, 0, 0, 0, 0, 0),
            FalseAlarm = Policy.Guard.FalseAlarm,
            TriggerAlpha = RollbackTriggers.TriggerAlpha(Policy.Guard),
            WindowStartedAt = rollout.StartedAt,
            WindowAlpha = RollbackTriggers.TriggerAlpha(Policy.Guard),
            FaultOnsetAt = onset,
            DetectedAt = now,
            SwitchedAt = now,
            RestoredAt = now,
            RtoObjectiveSeconds = Policy.Rollback.RtoMaxSeconds,
            RpoObjectiveSeconds = Policy.Rollback.RpoMaxSeconds,
            Actor = GuardHolder,
        };
        await Store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(
            new AuditEventDraft
            {
                Actor = GuardHolder,
                Action = AuditActions.Rollback,
                Subject = RolloutTransitions.Subject(record.Service),
                DeploymentId = record.DeploymentId,
                Payload = AuditPayload.Of(RollbackReport.Node(record)),
            },
            ct));
        return record;
    }

    /// <summary>Every rollout of the drill route, newest first.</summary>
    public async Task<IReadOnlyList<StoredRollout>> RolloutsAsync() =>
        await Store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync(Route, activeOnly: false, 100, ct));

    /// <summary>The history rows of rollout <paramref name="rolloutId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<RolloutEventRecord>> HistoryAsync(long rolloutId) =>
        await Store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(rolloutId, ct));

    /// <summary>Every <c>drill</c> event, oldest first.</summary>
    public async Task<List<AuditEvent>> DrillEventsAsync() =>
        [.. (await Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.Drill, Limit = 1000 }, ct))).OrderBy(e => e.Sequence)];
}
