using Warden.Audit;
using Warden.Storage.Postgres;
using Warden.Tests.Support;

namespace Warden.Storage.Postgres.Tests;

/// <summary>The audit channel: a committed append is heard at once, a rolled-back one never, and a cut connection comes back with the current head.</summary>
public sealed class PostgresAuditNotificationsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Heads_CommittedAppends_AreHeardAsTheirTransactionsLastSequence()
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options());
        await using var listener = PostgresAuditNotifications.Start(_database.Options());
        Assert.Equal(0, await NextAsync(listener));

        await store.AppendAsync(Note("service:one"));
        var one = await NextAsync(listener);
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(Note("service:two"), ct);
            return await tx.Audit.AppendAsync(Note("service:three"), ct);
        });
        var three = await NextAsync(listener);
        // A write that appends nothing says nothing; one that fails keeps nothing and says nothing.
        await store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync("l", "a", TimeSpan.FromSeconds(5), ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync<int>(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(Note("service:lost"), ct);
            throw new InvalidOperationException("rolled back");
        }).AsTask());
        await store.AppendAsync(Note("service:four"));
        var four = await NextAsync(listener);

        Assert.Equal((1L, 3L, 4L), (one, three, four));
        Assert.Equal("warden_audit", new PostgresStoreOptions { ConnectionString = "Host=h" }.AuditChannel);
    }

    [Fact]
    public async Task Heads_ListenerConnectionKilled_ReconnectsAndHandsOutTheCurrentHead()
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options());
        await using var listener = PostgresAuditNotifications.Start(_database.Options(), retryDelay: TimeSpan.FromMilliseconds(100));
        Assert.Equal(0, await NextAsync(listener));
        var killed = listener.ListenerProcessId;

        await _database.ScalarAsync($"SELECT pg_terminate_backend({killed})");
        // Appended while the listener is down or coming back: the head read on reconnect covers it.
        await store.AppendAsync(Note("service:while-down"));

        long heard;
        do
        {
            heard = await NextAsync(listener);
        }
        while (heard < 1);

        Assert.Equal(1, heard);
        Assert.NotEqual(killed, listener.ListenerProcessId);
        await store.AppendAsync(Note("service:after"));
        Assert.Equal(2, await NextAsync(listener));
    }

    [Fact]
    public async Task Heads_Disposed_Complete()
    {
        await using var store = await PostgresStore.OpenAsync(_database.Options());
        var listener = PostgresAuditNotifications.Start(_database.Options());
        Assert.Equal(0, await NextAsync(listener));

        await listener.DisposeAsync();

        await listener.Heads.Completion.WaitAsync(Deadline);
    }

    private static async Task<long> NextAsync(PostgresAuditNotifications listener) =>
        await listener.Heads.ReadAsync().AsTask().WaitAsync(Deadline);

    private static AuditEventDraft Note(string subject) => new() { Actor = "ana", Action = AuditActions.Note, Subject = subject };
}
