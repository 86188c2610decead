using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Core.Traffic;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Tests.Support;

/// <summary>
/// What every <see cref="IWardenStore"/> must do, whatever it is built on: one durable transaction
/// per write, the domain change and its audit event committed together or not at all, readers
/// beside a writer, cancellation that leaves nothing behind, an audit chain that appends and
/// verifies, and repositories that give back what they were given. A store's test project derives
/// from this class and implements the three factory methods; the SQLite store runs it in
/// <c>Warden.Storage.Sqlite.Tests</c>, a PostgreSQL store will run the same suite.
/// </summary>
public abstract partial class StoreContractTests
{
    /// <summary>How long a test waits for something that should happen at once.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>The clock the store stamps transactions with.</summary>
    protected FakeTimeProvider Time { get; } = TestClock.Start();

    /// <summary>Creates a new, empty store (schema in place, no rows, no events) on <see cref="Time"/>; the test disposes it.</summary>
    private protected abstract ValueTask<IWardenStore> CreateStoreAsync();

    /// <summary>Opens a second handle on the store <see cref="CreateStoreAsync"/> made, as another process would.</summary>
    private protected abstract ValueTask<IWardenStore> ReopenAsync();

    /// <summary>Runs <paramref name="sql"/> on that store outside Warden, as a person with write access to the database would (plain SQL both back-ends accept).</summary>
    protected abstract ValueTask TamperAsync(string sql);

    [Fact]
    public async Task WriteAsync_WorkThrowsAfterTheDomainChangeAndItsEvent_KeepsNeither()
    {
        await using var store = await CreateStoreAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync<int>(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(Version("ranker", "v1", tx.Now), ct);
            await tx.Audit.AppendAsync(Registered("ranker", "v1"), ct);
            throw new InvalidOperationException("a domain rule failed after the append");
        }).AsTask());

        Assert.Null(await store.ReadAsync((tx, ct) => tx.Registry.FindAsync("ranker", "v1", ct)));
        Assert.Null(await store.HeadAsync());
        Assert.Empty(await store.EventsAsync());
    }

    [Fact]
    public async Task WriteAsync_DomainChangeWithItsEvent_CommitTogetherAndTheEventAttestsTheRow()
    {
        await using var store = await CreateStoreAsync();

        var recorded = await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(Version("ranker", "v1", tx.Now), ct);
            return await tx.Audit.AppendAsync(Registered("ranker", "v1"), ct);
        });

        var (found, row, problem) = await store.ReadAsync(async (tx, ct) => (
            await tx.Registry.FindAsync("ranker", "v1", ct),
            await tx.Rows.ReadAsync(AttestedTables.Version("ranker", "v1"), ct),
            await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Version("ranker", "v1"), ct)));
        Assert.Equivalent(Version("ranker", "v1", TestClock.Epoch), found, strict: true);
        Assert.Equal(1, recorded.Sequence);
        Assert.Equal(recorded.Sequence, row!.AuditSequence);
        Assert.Equal(row.Sha256, row.RecordedSha256);
        Assert.Contains(row.Sha256, recorded.Payload, StringComparison.Ordinal);
        Assert.Null(problem);
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal((1L, 1L), (verification.Events, verification.StateRows!.Rows));
    }

    [Fact]
    public async Task WriteAsync_Returned_IsVisibleToAnotherHandleOpenedBefore()
    {
        await using var store = await CreateStoreAsync();
        await using var other = await ReopenAsync();
        Assert.Null(await other.HeadAsync());

        var appended = await store.AppendAsync(Note("service:search"));

        Assert.Equal(new AuditHead(1, appended.Hash), await other.HeadAsync());
    }

    [Fact]
    public async Task ReadAsync_WhileAWriteIsInProgress_DoesNotWaitAndSeesTheLastCommittedState()
    {
        await using var store = await CreateStoreAsync();
        var first = await store.AppendAsync(Note("service:search/1"));
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = Task.Run(async () => await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(Note("service:search/2"), ct);
            inside.SetResult();
            await release.Task;
            return 0;
        }));
        AuditHead? during;
        try
        {
            await inside.Task.WaitAsync(Deadline);

            during = await store.HeadAsync().AsTask().WaitAsync(Deadline);
        }
        finally
        {
            release.TrySetResult();
            await write.WaitAsync(Deadline);
        }

        Assert.Equal(new AuditHead(1, first.Hash), during);
        Assert.Equal(2, (await store.HeadAsync())!.Sequence);
    }

    [Fact]
    public async Task WriteAsync_CancelledBeforeTheCall_ThrowsAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.AppendAsync(Note("service:search"), cancelled.Token).AsTask());

        Assert.Null(await store.HeadAsync());
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileWaitingForTheWriteLock_ThrowsAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(async () => await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(Note("service:holder"), ct);
            inside.SetResult();
            await release.Task;
            return 0;
        }));
        using var cancel = new CancellationTokenSource();
        try
        {
            await inside.Task.WaitAsync(Deadline);
            var waiting = Task.Run(async () => await store.AppendAsync(Note("service:waiter"), cancel.Token));
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            Assert.False(waiting.IsCompleted, "the second writer should wait for the first");

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Deadline));
        }
        finally
        {
            release.TrySetResult();
            await holder.WaitAsync(Deadline);
        }

        Assert.Equal(["service:holder"], (await store.EventsAsync()).Select(e => e.Subject));
        // The lock was handed back: the next write goes through.
        Assert.Equal(2, (await store.AppendAsync(Note("service:after"))).Sequence);
    }

    [Fact]
    public async Task WriteAsync_CancelledDuringTheWork_RollsBackEverything()
    {
        await using var store = await CreateStoreAsync();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(Version("ranker", "v1", tx.Now), ct);
            await tx.Audit.AppendAsync(Registered("ranker", "v1"), ct);
            await cancel.CancelAsync();
            return 0;
        }, cancel.Token).AsTask());

        Assert.Null(await store.ReadAsync((tx, ct) => tx.Registry.FindAsync("ranker", "v1", ct)));
        Assert.Null(await store.HeadAsync());
    }

    [Fact]
    public async Task ReadAsync_CancelledBeforeTheCall_Throws()
    {
        await using var store = await CreateStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.HeadAsync(cancelled.Token).AsTask());
    }

    [Fact]
    public async Task WriteAsync_ConcurrentWriters_AppendOneUnbrokenChain()
    {
        await using var store = await CreateStoreAsync();

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await store.AppendAsync(Note($"service:w{w}/{i}"));
            }
        }));
        await Task.WhenAll(writers).WaitAsync(Deadline * 3);

        var events = await store.EventsAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(200, events.Select(e => e.Subject).Distinct().Count());
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
    }

    private static AuditEventDraft Note(string subject) => new() { Actor = "ana", Action = AuditActions.Note, Subject = subject, Payload = """{"text":"contract"}""" };

    private static AuditEventDraft Registered(string model, string version) => new()
    {
        Actor = "ci",
        Action = AuditActions.Register,
        Subject = Subjects.Version(model, version),
        Attests = [AttestedTables.Version(model, version)],
    };

    private static ModelVersion Version(string model, string version, DateTimeOffset at, string sha256 = "") => new()
    {
        Model = model,
        Version = version,
        ArtifactPath = $"/models/{model}/{version}.bin",
        Sha256 = sha256.Length > 0 ? sha256 : new string(version[^1], 64),
        SizeBytes = 1_234_567_890_123,
        Lineage = new Lineage { RunId = "run-7", DataVersion = null, CodeRev = "abc123" },
        Tags = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["owner"] = "search", ["tier"] = "1" },
        RegisteredAt = at,
        RegisteredBy = "ci@build-7",
    };

    private static TelemetryWindow Window(string version, DateTimeOffset start, long requests, TrafficArm arm = TrafficArm.Production)
    {
        var latency = new LatencyBuckets();
        for (var i = 1; i <= requests; i++)
        {
            latency.Add(i * 1.5);
        }

        return new TelemetryWindow
        {
            Service = "search",
            Version = version,
            Arm = arm,
            Start = start,
            Requests = requests,
            Errors = 1,
            ErrorsByClass = new Dictionary<string, long> { ["timeout"] = 1 },
            RequestBytes = 100 * requests,
            ResponseBytes = 2_000 * requests,
            ComplianceJudged = requests,
            ComplianceOk = requests / 2,
            Latency = latency.ToHistogram(),
        };
    }
}
