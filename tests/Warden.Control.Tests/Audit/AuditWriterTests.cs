using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Control.Tests.Audit;

public sealed class AuditWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AppendAsync_QueuedBeforeStart_CommitsInBatchesOfMaxBatch()
    {
        await using var store = await OpenAsync();
        var writer = new AuditWriter(store, new AuditWriterOptions { MaxBatch = 128 });
        var tasks = Enumerable.Range(1, 300).Select(i => writer.AppendAsync(Draft($"route:search/{i}"))).ToList();

        writer.Start();
        var events = await Task.WhenAll(tasks);
        await writer.DisposeAsync();

        Assert.Equal(3, writer.Batches);
        Assert.Equal(300, writer.Committed);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"route:search/{i}"), events.Select(e => e.Subject));
        await AssertIntactAsync(store, 300);
    }

    [Fact]
    public async Task AppendAsync_FourConcurrentProducers_EveryEventCommittedOnceInFewerTransactions()
    {
        await using var store = await OpenAsync();
        var writer = new AuditWriter(store, new AuditWriterOptions { MaxBatch = 64 });
        writer.Start();

        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
            Task.WhenAll(Enumerable.Range(0, 250).Select(i => writer.AppendAsync(Draft($"p{p}/{i}")))))).ToArray();
        var events = (await Task.WhenAll(producers)).SelectMany(e => e).ToList();
        await writer.DisposeAsync();

        Assert.Equal(1000, events.Count);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), events.Select(e => e.Sequence).Order());
        Assert.Equal(1000, events.Select(e => e.Subject).Distinct().Count());
        Assert.Equal(1000, writer.Committed);
        Assert.InRange(writer.Batches, 1000 / 64 + 1, 999);
        await AssertIntactAsync(store, 1000);
    }

    [Fact]
    public async Task AppendAsync_TransactionFails_EveryTaskFaultsAndNothingIsWritten()
    {
        await using var store = await OpenAsync(TimeSpan.FromSeconds(0.2));
        var writer = new AuditWriter(store, new AuditWriterOptions { MaxBatch = 512 });
        var tasks = Enumerable.Range(1, 50).Select(i => writer.AppendAsync(Draft($"route:search/{i}"))).ToList();
        using (var holder = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False"))
        {
            holder.Open();
            using var held = holder.BeginTransaction(deferred: false);
            writer.Start();
            foreach (var task in tasks)
            {
                var ex = await Assert.ThrowsAsync<StoreException>(() => task);
                Assert.Equal(StoreFailure.Locked, ex.Failure);
            }
        }

        Assert.Equal(0, writer.Batches);
        Assert.Equal(0, writer.Committed);
        Assert.Null(await store.HeadAsync());

        // The loop survives a failed batch: the next append commits as event 1.
        var next = await writer.AppendAsync(Draft("route:search/after"));
        await writer.DisposeAsync();
        Assert.Equal(1, next.Sequence);
        Assert.Equal(1, writer.Batches);
        await AssertIntactAsync(store, 1);
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_IsRefused()
    {
        await using var store = await OpenAsync();
        var writer = new AuditWriter(store);
        writer.Start();
        await writer.DisposeAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AppendAsync(Draft("x")));

        Assert.Equal("The audit writer is shut down; the event was not recorded.", ex.Message);
    }

    private static async Task AssertIntactAsync(SqliteStore store, long events)
    {
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(events, result.Events);
    }

    private static AuditEventDraft Draft(string subject) => new() { Actor = "gateway", Action = AuditActions.RouteChange, Subject = subject, Payload = """{"canary_bp":500}""" };

    private ValueTask<SqliteStore> OpenAsync(TimeSpan? lockTimeout = null) => SqliteStore.OpenAsync(new SqliteStoreOptions
    {
        DataDirectory = _dir.Path,
        Time = _time,
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(5),
    });
}
