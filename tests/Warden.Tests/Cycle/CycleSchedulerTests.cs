using Microsoft.Extensions.Logging.Abstractions;
using Warden.Audit;
using Warden.Core.Cycle;
using Warden.Cycle;
using Warden.Leases;
using Warden.Tests.Support;

namespace Warden.Tests.Cycle;

/// <summary>
/// The scheduler on a fake clock and a real SQLite store: a cycle on start, exactly one per
/// interval (a row exactly at the interval), an overdue cycle once, only while leading, a request
/// answered at once, a failing phase recorded and the next cycle still run, one cycle at a time.
/// </summary>
public sealed class CycleSchedulerTests : IAsyncLifetime
{
    private static readonly LeaseFence Leading = new("rollout-controller", CycleRig.Holder, 1);
    private static readonly CycleOptions Hourly = new() { Interval = TimeSpan.FromHours(1) };

    private CycleRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CycleRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Tick_OnStartWithNoCycleYet_RunsOneAtOnceWithEveryPhaseInOrder()
    {
        var scheduler = Scheduler(Hourly);

        var record = await scheduler.TickAsync(CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal("schedule", record.Trigger);
        Assert.Equal(CycleIds.Of(TestClock.Epoch), record.Id);
        Assert.Equal(CyclePhases.All, record.Phases.Select(p => p.Phase));
        var events = await Events(record.Id);
        Assert.Equal(
            [AuditActions.CycleBegin, .. Enumerable.Repeat(AuditActions.CyclePhase, CyclePhases.All.Count), AuditActions.CycleEnd],
            events.Select(e => e.Action));
        Assert.Equal(CyclePhases.All, events.Where(e => e.Action == AuditActions.CyclePhase).Select(e => CycleReport.ReadPhase(e.Payload)!.Phase));
    }

    [Theory]
    [InlineData(3_599_999, 1)]   // a millisecond short of the interval: still the first cycle only
    [InlineData(3_600_000, 2)]   // exactly the interval: the second
    [InlineData(7_199_999, 2)]
    [InlineData(7_200_000, 3)]
    public async Task Tick_EveryPollUntilElapsed_ExactlyOneCyclePerInterval(long elapsedMs, int cycles)
    {
        var scheduler = Scheduler(Hourly);
        await scheduler.TickAsync(CancellationToken.None);

        // Poll every minute, then once at the exact instant.
        for (var t = TimeSpan.FromMinutes(1); t.TotalMilliseconds < elapsedMs; t += TimeSpan.FromMinutes(1))
        {
            _rig.Time.SetUtcNow(TestClock.Epoch + t);
            await scheduler.TickAsync(CancellationToken.None);
        }

        _rig.Time.SetUtcNow(TestClock.Epoch + TimeSpan.FromMilliseconds(elapsedMs));
        await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal(cycles, scheduler.Ran.Count);
    }

    [Fact]
    public async Task Tick_FiveIntervalsOverdue_RunsOnceAndTheNextIsAnIntervalAfterIt()
    {
        var scheduler = Scheduler(Hourly);
        await scheduler.TickAsync(CancellationToken.None);

        _rig.Time.Advance(TimeSpan.FromHours(5.5));
        await scheduler.TickAsync(CancellationToken.None);
        await scheduler.TickAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(59));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(2, scheduler.Ran.Count);

        _rig.Time.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(3, scheduler.Ran.Count);
        Assert.Equal(TestClock.Epoch + TimeSpan.FromHours(6.5), scheduler.Ran[2].StartedAt);
    }

    [Fact]
    public async Task Tick_NotLeading_RunsNothing()
    {
        var scheduler = new CycleScheduler(_rig.Store, _rig.Cycle(), Hourly, () => null, _rig.Time, NullLogger.Instance);

        Assert.Null(await scheduler.TickAsync(CancellationToken.None));
        Assert.Equal(0, _rig.Services.Calls);
    }

    [Fact]
    public async Task Tick_OnStartFalse_FirstCycleAnIntervalAfterLeading()
    {
        var scheduler = Scheduler(Hourly with { OnStart = false });
        Assert.Null(await scheduler.TickAsync(CancellationToken.None));

        _rig.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        Assert.Null(await scheduler.TickAsync(CancellationToken.None));
        _rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await scheduler.TickAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Tick_RequestPending_RunsAtOnceAndAnswersItOnce()
    {
        var scheduler = Scheduler(Hourly);
        await scheduler.TickAsync(CancellationToken.None);
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        var request = await CycleRecords.RequestAsync(_rig.Store, "alice", CancellationToken.None);

        var answered = await scheduler.TickAsync(CancellationToken.None);
        var again = await scheduler.TickAsync(CancellationToken.None);

        Assert.Equal("request", answered!.Trigger);
        Assert.Null(again);
        var detail = await _rig.Store.ReadAsync((tx, ct) => CycleRecords.ShowAsync(tx, answered.Id, ct));
        Assert.Equal(request.Id, detail!.Begin.Request);
    }

    [Fact]
    public async Task Tick_ServicesFailInOneCycle_PhaseRecordedFailedAndTheNextCycleRuns()
    {
        var scheduler = Scheduler(Hourly);
        _rig.Services.Failure = new InvalidOperationException("the route table is not loaded");

        var failed = await scheduler.TickAsync(CancellationToken.None);

        var begin = failed!.Phases[0];
        Assert.Equal((CyclePhases.Begin, CyclePhaseStatus.Failed), (begin.Phase, begin.Status));
        Assert.Equal(["the route table is not loaded"], begin.Problems);
        Assert.Equal(CyclePhaseStatus.Partial, failed.Status);
        Assert.Equal(CyclePhases.All, failed.Phases.Select(p => p.Phase));

        _rig.Services.Failure = null;
        _rig.Time.Advance(TimeSpan.FromHours(1));
        var next = await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(CyclePhaseStatus.Ok, next!.Phases[0].Status);
    }

    [Fact]
    public async Task Run_AnotherHolderHasTheCycleLease_RunsNothing()
    {
        await _rig.Store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(HeartbeatCycleOptions.LeaseName, "server-b", TimeSpan.FromMinutes(10), ct));

        var record = await _rig.Cycle().RunAsync("schedule", null, null, CancellationToken.None);

        Assert.Null(record);
        Assert.Equal(0, _rig.Services.Calls);
        Assert.Empty(await _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.CycleBegin }, ct)));
    }

    [Fact]
    public async Task Run_Finished_GivesTheCycleLeaseUp()
    {
        await _rig.Cycle().RunAsync("once", null, null, CancellationToken.None);

        var other = await _rig.Store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(HeartbeatCycleOptions.LeaseName, "server-b", TimeSpan.FromMinutes(10), ct));

        Assert.True(other.Held);
    }

    private CycleScheduler Scheduler(CycleOptions options) =>
        new(_rig.Store, _rig.Cycle(options), options, () => Leading, _rig.Time, NullLogger.Instance);

    private Task<IReadOnlyList<AuditEvent>> Events(string cycleId) =>
        _rig.Store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = CycleRecords.Subject(cycleId), Limit = 100 }, ct)).AsTask();
}
