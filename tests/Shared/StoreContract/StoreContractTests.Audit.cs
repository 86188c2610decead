using Warden.Audit;
using Warden.Registry;

namespace Warden.Tests.Support;

/// <summary>The audit log and the state rows it attests, through the store's repositories.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Audit_AppendsInOneAndManyTransactions_ChainLinksAndVerifies()
    {
        await using var store = await CreateStoreAsync();

        var first = await store.AppendAsync(Note("service:search/1"));
        Time.Advance(TimeSpan.FromSeconds(1));
        var batch = await store.WriteAsync(async (tx, ct) => new[]
        {
            await tx.Audit.AppendAsync(Note("service:search/2"), ct),
            await tx.Audit.AppendAsync(Note("service:search/3"), ct),
        });

        Assert.Equal(AuditHash.Genesis, first.PreviousHash);
        Assert.Equal([first.Hash, batch[0].Hash], batch.Select(e => e.PreviousHash));
        Assert.Equal([TestClock.Epoch.AddSeconds(1), TestClock.Epoch.AddSeconds(1)], batch.Select(e => e.Time));
        Assert.All(new[] { first, batch[0], batch[1] }, e => Assert.Equal(AuditHash.Compute(e), e.Hash));
        var stored = await store.EventsAsync();
        Assert.Equivalent(new[] { first, batch[0], batch[1] }, stored, strict: true);
        var verification = await store.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(new AuditHead(3, batch[1].Hash), verification.Head);
        Assert.Equal(4, await store.ReadAsync((tx, ct) => tx.Audit.NextSequenceAsync(ct)));
    }

    [Fact]
    public async Task Audit_ListFindAndScan_FilterAndStopAsAsked()
    {
        await using var store = await CreateStoreAsync();
        foreach (var subject in new[] { "model:ranker@v1", "model:rankerx@v1", "model:ranker", "alias:ranker/production", "model:ranker@v2" })
        {
            await store.AppendAsync(Note(subject) with { Action = subject.StartsWith("alias:", StringComparison.Ordinal) ? AuditActions.Promote : AuditActions.Note });
            Time.Advance(TimeSpan.FromMinutes(1));
        }

        var (prefix, promotes, since, lastTwo, found, missing, scanned) = await store.ReadAsync(async (tx, ct) =>
        {
            var seen = new List<long>();
            var rows = await tx.Audit.ScanAsync((in AuditRow row) =>
            {
                seen.Add(row.Sequence);
                return row.Sequence < 3;
            }, ct);
            return (
                await tx.Audit.ListAsync(new AuditQuery { Subject = "model:ranker" }, ct),
                await tx.Audit.ListAsync(new AuditQuery { Action = AuditActions.Promote }, ct),
                // The boundary: an event exactly at 'since' is in.
                await tx.Audit.ListAsync(new AuditQuery { Since = TestClock.Epoch.AddMinutes(3) }, ct),
                await tx.Audit.ListAsync(new AuditQuery { Limit = 2 }, ct),
                await tx.Audit.FindAsync(2, ct),
                await tx.Audit.FindAsync(99, ct),
                (rows, seen));
        });

        Assert.Equal(["model:ranker@v1", "model:ranker", "model:ranker@v2"], prefix.Select(e => e.Subject));
        Assert.Equal(["alias:ranker/production"], promotes.Select(e => e.Subject));
        Assert.Equal([4L, 5], since.Select(e => e.Sequence));
        Assert.Equal([4L, 5], lastTwo.Select(e => e.Sequence));
        Assert.Equal("model:rankerx@v1", found!.Subject);
        Assert.Null(missing);
        // The handler said stop after event 3: three rows handed out, no fourth.
        Assert.Equal(3, scanned.rows);
        Assert.Equal([1L, 2, 3], scanned.seen);
    }

    [Fact]
    public async Task StateRows_EditedAndDeletedByHand_AreNamedByTheVerifiers()
    {
        await using var store = await CreateStoreAsync();
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Registry.InsertAsync(Version("ranker", "v1", tx.Now), ct);
            await tx.Audit.AppendAsync(Registered("ranker", "v1"), ct);
            await tx.Registry.InsertAsync(Version("ranker", "v2", tx.Now), ct);
            await tx.Audit.AppendAsync(Registered("ranker", "v2"), ct);
            return 0;
        });
        var intact = await store.VerifyAsync();

        await TamperAsync($"UPDATE model_versions SET sha256 = '{new string('f', 64)}' WHERE model = 'ranker' AND version = 'v1'");
        await TamperAsync("DELETE FROM model_versions WHERE model = 'ranker' AND version = 'v2'");

        var (edited, deleted) = await store.ReadAsync(async (tx, ct) => (
            await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Version("ranker", "v1"), ct),
            await StateRowVerifier.VerifyOneAsync(tx.Audit, tx.Rows, AttestedTables.Version("ranker", "v2"), ct)));
        var broken = await store.VerifyAsync();
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(2, intact.StateRows!.Rows);
        Assert.EndsWith(": edited by hand", edited, StringComparison.Ordinal);
        Assert.Equal("the row is gone", deleted);
        Assert.Null(broken.Problem);
        Assert.False(broken.Intact);
        Assert.Equal(
            ["model_versions ranker@v1: edited by hand", "model_versions ranker@v2: deleted by hand"],
            broken.StateRows!.Problems.Select(p => $"{p.Row}: {p.Problem[(p.Problem.LastIndexOf(':') + 2)..]}"));
    }
}
