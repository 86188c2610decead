using System.Data.Common;
using Warden.Audit;
using Warden.Core.Rollouts;
using Warden.Leases;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Tests.Support;

/// <summary>
/// Rollouts (one unfinished per service, compare-and-set on generation, fenced by a lease), their
/// history, and leases timed by the transaction's clock, every time boundary exact to the tick.
/// </summary>
public abstract partial class StoreContractTests
{
    private const string Controller = "rollout-controller";
    private const string Plan = """{"steps":[{"weight":5},{"weight":25}]}""";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Rollouts_AddFindActiveAndList_RoundTripNewestFirst()
    {
        await using var store = await CreateStoreAsync();
        var first = Started("search", "v2");
        var added = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(first, Plan, "/evidence/search-v2/evidence.yaml", "ana", ct));
        await MoveTo(store, added!, RolloutPhase.RolledBack);
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v3"), Plan, null, "ben", ct));
        Time.Advance(TimeSpan.FromMinutes(1));
        var third = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("ads", "v9"), Plan, null, "ana", ct));

        var (found, missing, active, noneActive, all, search, activeOnly, lastTwo, none) = await store.ReadAsync(async (tx, ct) => (
            await tx.Rollouts.FindAsync(added!.Id, ct),
            await tx.Rollouts.FindAsync(999, ct),
            await tx.Rollouts.ActiveAsync("search", ct),
            await tx.Rollouts.ActiveAsync("nobody", ct),
            await tx.Rollouts.ListAsync(null, activeOnly: false, 10, ct),
            await tx.Rollouts.ListAsync("search", activeOnly: false, 10, ct),
            await tx.Rollouts.ListAsync(null, activeOnly: true, 10, ct),
            await tx.Rollouts.ListAsync(null, activeOnly: false, 2, ct),
            await tx.Rollouts.ListAsync("search", activeOnly: false, 0, ct)));

        Assert.Equivalent(
            new StoredRollout
            {
                Id = added!.Id,
                State = first,
                PlanJson = Plan,
                EvidencePath = "/evidence/search-v2/evidence.yaml",
                StartedAt = TestClock.Epoch,
                StartedBy = "ana",
                UpdatedAt = TestClock.Epoch,
            },
            added,
            strict: true);
        // Every time to the tick, the phase start included.
        Assert.Equal(first.PhaseStartedAt, added.State.PhaseStartedAt);
        Assert.Equal((RolloutPhase.RolledBack, 2L), (found!.State.Phase, found.State.Generation));
        Assert.Equal(added with { State = found.State, UpdatedAt = found.UpdatedAt }, found);
        Assert.Null(missing);
        Assert.Equal(second, active);
        Assert.Null(noneActive);
        Assert.Equal([third!.Id, second!.Id, added.Id], all.Select(r => r.Id));
        Assert.Equal([second.Id, added.Id], search.Select(r => r.Id));
        Assert.Equal([third.Id, second.Id], activeOnly.Select(r => r.Id));
        Assert.Equal([third.Id, second.Id], lastTwo.Select(r => r.Id));
        Assert.Empty(none);
        Assert.Equal((TestClock.Epoch.AddMinutes(1), "ben", (string?)null), (second.StartedAt, second.StartedBy, second.EvidencePath));
    }

    [Fact]
    public async Task Rollouts_SecondUnfinishedForTheSameService_IsNullAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct));

        var (again, other) = await store.WriteAsync(async (tx, ct) => (
            await tx.Rollouts.AddAsync(Started("search", "v3"), Plan, null, "ben", ct),
            await tx.Rollouts.AddAsync(Started("ads", "v3"), Plan, null, "ben", ct)));

        Assert.Null(again);
        Assert.NotNull(other);
        var all = await store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync(null, activeOnly: false, 10, ct));
        Assert.Equal([(other.Id, "ads"), (first!.Id, "search")], all.Select(r => (r.Id, r.State.Service)));
        Assert.Equal(first, await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync("search", ct)));
    }

    [Theory]
    [InlineData(RolloutPhase.Shadow, false)]
    [InlineData(RolloutPhase.Canary, false)]
    [InlineData(RolloutPhase.AwaitingApproval, false)]
    [InlineData(RolloutPhase.Baking, false)]
    [InlineData(RolloutPhase.Promoted, true)]
    [InlineData(RolloutPhase.RolledBack, true)]
    public async Task Rollouts_AddWhileTheLastOfTheServiceIsInPhase_StartsOnlyOnceItIsFinished(RolloutPhase phase, bool starts)
    {
        await using var store = await CreateStoreAsync();
        var first = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct));
        await MoveTo(store, first!, phase);

        var next = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v3"), Plan, null, "ana", ct));

        Assert.Equal(starts, next is not null);
        var active = await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync("search", ct));
        Assert.Equal(starts ? "v3" : "v2", active!.State.Candidate);
        Assert.Equal(starts ? 2 : 1, (await store.ReadAsync((tx, ct) => tx.Rollouts.ListAsync("search", activeOnly: false, 10, ct))).Count);
    }

    [Theory]
    [InlineData(-1, "GenerationMoved")]
    [InlineData(0, "Written")]
    [InlineData(1, "GenerationMoved")]
    public async Task Rollouts_UpdateWithoutFence_WritesOnlyAtTheStoredGeneration(int offset, string expected)
    {
        await using var store = await CreateStoreAsync();
        var added = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct));
        await MoveTo(store, added!, RolloutPhase.Canary);
        var before = await store.ReadAsync((tx, ct) => tx.Rollouts.FindAsync(added!.Id, ct));
        Time.Advance(TimeSpan.FromSeconds(1));
        var expectedGeneration = before!.State.Generation + offset;
        var next = before.State with { Step = 1, PhaseStartedAt = Time.GetUtcNow(), Generation = expectedGeneration + 1 };

        var write = await store.WriteAsync((tx, ct) => tx.Rollouts.UpdateAsync(added!.Id, next, expectedGeneration, fence: null, ct));

        Assert.Equal(expected, write.ToString());
        var after = await store.ReadAsync((tx, ct) => tx.Rollouts.FindAsync(added!.Id, ct));
        Assert.Equal(write == RolloutWrite.Written ? before with { State = next, UpdatedAt = Time.GetUtcNow() } : before, after);
    }

    // The lease: 'a' held epoch 1 from the epoch until it expired at +15 s; 'b' took it then, as
    // epoch 2, until +30 s. Each row writes at +30 s plus some ticks.
    [Theory]
    [InlineData("b", 2, -1, "Written")]
    [InlineData("b", 2, 0, "StaleLease")]
    [InlineData("b", 2, 1, "StaleLease")]
    [InlineData("a", 2, -1, "StaleLease")]
    [InlineData("b", 1, -1, "StaleLease")]
    [InlineData("a", 1, -1, "StaleLease")]
    [InlineData("b", 3, -1, "StaleLease")]
    public async Task Rollouts_UpdateFencedByTheLease_WritesOnlyWhileTheFenceIsCurrent(string holder, long epoch, long ticksFromExpiry, string expected)
    {
        await using var store = await CreateStoreAsync();
        var added = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct));
        await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.Advance(LeaseTime);
        var b = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "b", LeaseTime, ct));
        Time.SetUtcNow(b.Lease.ExpiresAt.AddTicks(ticksFromExpiry));
        var next = added!.State with { Phase = RolloutPhase.Canary, Step = 0, PhaseStartedAt = Time.GetUtcNow(), Generation = 2 };

        var write = await store.WriteAsync((tx, ct) => tx.Rollouts.UpdateAsync(added.Id, next, 1, new LeaseFence(Controller, holder, epoch), ct));

        Assert.Equal((2L, TestClock.Epoch.AddSeconds(30)), (b.Lease.Epoch, b.Lease.ExpiresAt));
        Assert.Equal(expected, write.ToString());
        var after = await store.ReadAsync((tx, ct) => tx.Rollouts.FindAsync(added.Id, ct));
        Assert.Equal(write == RolloutWrite.Written ? next : added.State, after!.State);
    }

    [Fact]
    public async Task Rollouts_UpdateWithAStaleFenceAndAMovedGeneration_SaysGenerationMoved()
    {
        await using var store = await CreateStoreAsync();
        var added = await store.WriteAsync((tx, ct) => tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct));
        await MoveTo(store, added!, RolloutPhase.Canary);

        var write = await store.WriteAsync((tx, ct) => tx.Rollouts.UpdateAsync(
            added!.Id, added.State with { Paused = true, PauseReason = "ana: looking", Generation = 2 }, 1, new LeaseFence(Controller, "nobody", 1), ct));

        Assert.Equal(RolloutWrite.GenerationMoved, write);
    }

    [Fact]
    public async Task Rollouts_Events_AddListOldestFirstAndRefuseADuplicateGeneration()
    {
        await using var store = await CreateStoreAsync();
        var (search, ads) = await store.WriteAsync(async (tx, ct) => (
            await tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct),
            await tx.Rollouts.AddAsync(Started("ads", "v9"), Plan, null, "ana", ct)));
        var start = Event(search!.Id, 1) with { PhaseBefore = null, StepBefore = -1, PhaseAfter = RolloutPhase.Shadow, Input = "start", DetailJson = null };
        var analysis = Event(search.Id, 2);
        var ids = await store.WriteAsync(async (tx, ct) => new[]
        {
            await tx.Rollouts.AddEventAsync(start, ct),
            await tx.Rollouts.AddEventAsync(Event(ads!.Id, 1), ct),
            await tx.Rollouts.AddEventAsync(analysis, ct),
        });

        await Assert.ThrowsAnyAsync<DbException>(() => store.WriteAsync(async (tx, ct) =>
        {
            await tx.Rollouts.AddEventAsync(Event(search.Id, 3), ct);
            return await tx.Rollouts.AddEventAsync(Event(search.Id, 2) with { Reason = "applied twice" }, ct);
        }).AsTask());

        var events = await store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(search.Id, ct));
        Assert.Equal(ids.Order(), ids);
        Assert.Equal([start with { Id = ids[0] }, analysis with { Id = ids[2] }], events);
        Assert.Empty(await store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(999, ct)));
    }

    [Fact]
    public async Task Leases_FirstTakeRenewalAndRetakeAfterExpiry_EpochRisesOnlyForANewHolding()
    {
        await using var store = await CreateStoreAsync();

        var never = await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(Controller, ct));
        var first = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.Advance(TimeSpan.FromSeconds(5));
        var renewed = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.Advance(LeaseTime);
        var retaken = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        var stored = await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(Controller, ct));

        Assert.Null(never);
        var t0 = TestClock.Epoch;
        Assert.Equal(new LeaseAttempt(true, new Lease { Name = Controller, Holder = "a", Epoch = 1, AcquiredAt = t0, ExpiresAt = t0.AddSeconds(15) }, true), first);
        Assert.Equal(new LeaseAttempt(true, first.Lease with { ExpiresAt = t0.AddSeconds(20) }, false), renewed);
        // Renewed at +5 s until +20 s; at +20 s it had expired, so the same holder starts a new holding.
        Assert.Equal(new LeaseAttempt(true, first.Lease with { Epoch = 2, AcquiredAt = t0.AddSeconds(20), ExpiresAt = t0.AddSeconds(35) }, true), retaken);
        Assert.Equal(retaken.Lease, stored);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    public async Task Leases_OtherHolderAtTheExpiry_TakesItOnlyOnceExpired(long ticksFromExpiry, bool taken)
    {
        await using var store = await CreateStoreAsync();
        var a = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.SetUtcNow(a.Lease.ExpiresAt.AddTicks(ticksFromExpiry));

        var b = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "b", LeaseTime, ct));

        var now = Time.GetUtcNow();
        var expected = taken
            ? new LeaseAttempt(true, new Lease { Name = Controller, Holder = "b", Epoch = 2, AcquiredAt = now, ExpiresAt = now + LeaseTime }, true)
            : new LeaseAttempt(false, a.Lease, false);
        Assert.Equal(expected, b);
        Assert.Equal(expected.Lease, await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(Controller, ct)));
    }

    [Theory]
    [InlineData(Controller, "a", 1, -1, true)]
    [InlineData(Controller, "a", 1, 0, false)]
    [InlineData(Controller, "b", 1, -1, false)]
    [InlineData(Controller, "a", 2, -1, false)]
    [InlineData(Controller, "a", 0, -1, false)]
    [InlineData("another-lease", "a", 1, -1, false)]
    public async Task Leases_IsCurrent_OnlyForTheHolderAtItsEpochBeforeExpiry(string name, string holder, long epoch, long ticksFromExpiry, bool current)
    {
        await using var store = await CreateStoreAsync();
        var a = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.SetUtcNow(a.Lease.ExpiresAt.AddTicks(ticksFromExpiry));

        var isCurrent = await store.ReadAsync((tx, ct) => tx.Leases.IsCurrentAsync(new LeaseFence(name, holder, epoch), ct));

        Assert.Equal(current, isCurrent);
    }

    [Fact]
    public async Task Leases_Release_LetsAnotherTakeAtOnceAndAStaleReleaseChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        var a = await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Controller, "a", LeaseTime, ct));
        Time.Advance(TimeSpan.FromSeconds(3));

        var (released, aCurrent, b) = await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Leases.ReleaseAsync(a.Lease.Fence, ct);
            return (await tx.Leases.ReadAsync(Controller, ct), await tx.Leases.IsCurrentAsync(a.Lease.Fence, ct), await tx.Leases.TryAcquireAsync(Controller, "b", LeaseTime, ct));
        });
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Leases.ReleaseAsync(a.Lease.Fence, ct);
            return 0;
        });

        var now = Time.GetUtcNow();
        Assert.Equal(a.Lease with { ExpiresAt = now }, released);
        Assert.False(aCurrent);
        Assert.Equal(new LeaseAttempt(true, new Lease { Name = Controller, Holder = "b", Epoch = 2, AcquiredAt = now, ExpiresAt = now + LeaseTime }, true), b);
        Assert.Equal(b.Lease, await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(Controller, ct)));
        Assert.True(await store.ReadAsync((tx, ct) => tx.Leases.IsCurrentAsync(b.Lease.Fence, ct)));
    }

    [Fact]
    public async Task Rollouts_AttestedRowsVerifyAcrossATransition_AndAHandEditIsBroken()
    {
        await using var store = await CreateStoreAsync();
        var added = await store.WriteAsync(async (tx, ct) =>
        {
            var rollout = await tx.Rollouts.AddAsync(Started("search", "v2"), Plan, null, "ana", ct);
            var eventId = await tx.Rollouts.AddEventAsync(Event(rollout!.Id, 1) with { PhaseBefore = null, PhaseAfter = RolloutPhase.Shadow }, ct);
            await tx.Audit.AppendAsync(Attesting(AuditActions.RolloutStart, rollout.Id, eventId), ct);
            return rollout;
        });
        Time.Advance(TimeSpan.FromMinutes(10));
        var moved = await store.WriteAsync(async (tx, ct) =>
        {
            var next = added!.State with { Phase = RolloutPhase.Canary, Step = 0, PhaseStartedAt = tx.Now, Generation = 2 };
            var write = await tx.Rollouts.UpdateAsync(added.Id, next, 1, fence: null, ct);
            var eventId = await tx.Rollouts.AddEventAsync(Event(added.Id, 2), ct);
            await tx.Audit.AppendAsync(Attesting(AuditActions.RolloutStep, added.Id, eventId), ct);
            return (write, eventId);
        });
        var intact = await store.VerifyAsync();

        await TamperAsync($"UPDATE rollouts SET phase = 'Promoted' WHERE id = {added!.Id}");

        var (edited, history) = await store.ReadAsync(async (tx, ct) => (
            await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Rollout(added.Id), ct),
            await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.RolloutEvent(moved.eventId), ct)));
        var broken = await store.VerifyAsync();
        Assert.Equal(RolloutWrite.Written, moved.write);
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal((2L, 3L), (intact.Events, intact.StateRows!.Rows));
        Assert.Null(history);
        Assert.StartsWith("its content (search, v2, Promoted, 2) hashes to ", edited, StringComparison.Ordinal);
        Assert.EndsWith(": edited by hand", edited, StringComparison.Ordinal);
        Assert.Null(broken.Problem);
        Assert.False(broken.Intact);
        Assert.Equal(
            [$"rollouts {added.Id}: edited by hand"],
            broken.StateRows!.Problems.Select(p => $"{p.Row}: {p.Problem[(p.Problem.LastIndexOf(':') + 2)..]}"));
    }

    // The rollout's start, at the clock's time, phase start to the tick.
    private RolloutState Started(string service, string candidate) => new()
    {
        DeploymentId = $"dep-{service}-{candidate}",
        Service = service,
        Candidate = candidate,
        KnownGood = "v1",
        Phase = RolloutPhase.Shadow,
        PhaseStartedAt = Time.GetUtcNow().AddTicks(1_234_567),
        ShadowOnly = service == "ads",
        Generation = 1,
    };

    private static RolloutEventRecord Event(long rolloutId, long generation) => new()
    {
        RolloutId = rolloutId,
        Generation = generation,
        Time = TestClock.Epoch.AddSeconds(generation).AddTicks(7),
        Actor = "ctrl@host-1",
        Input = "analysis",
        PhaseBefore = RolloutPhase.Shadow,
        StepBefore = -1,
        PhaseAfter = RolloutPhase.Canary,
        StepAfter = 0,
        PausedAfter = generation % 2 == 0,
        Reason = "shadow verdict GO: every check passed",
        DetailJson = """{"p95_ms":41.5}""",
    };

    // A transition's event attests the rollout's new state and its history row.
    private static AuditEventDraft Attesting(string action, long rolloutId, long eventId) => new()
    {
        Actor = "ctrl@host-1",
        Action = action,
        Subject = $"rollout:{rolloutId}",
        Attests = [AttestedTables.Rollout(rolloutId), AttestedTables.RolloutEvent(eventId)],
    };

    // Moves the rollout to generation 2 in <paramref name="phase"/> (no fence).
    private static async Task MoveTo(IWardenStore store, StoredRollout rollout, RolloutPhase phase)
    {
        var write = await store.WriteAsync((tx, ct) => tx.Rollouts.UpdateAsync(
            rollout.Id, rollout.State with { Phase = phase, PhaseStartedAt = tx.Now, Generation = rollout.State.Generation + 1 }, rollout.State.Generation, fence: null, ct));
        Assert.Equal(RolloutWrite.Written, write);
    }
}
