using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Control.Tests.Audit;

public sealed class AuditChainTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Compute_KnownEvent_MatchesIndependentSha256()
    {
        // Independent: python3 -c "import hashlib,struct; f=lambda s: struct.pack('>i',len(s.encode()))+s.encode();
        //   print(hashlib.sha256(f('1')+f('2026-11-22T00:00:00.0000000Z')+f('ana')+f('registry.register')
        //   +f('model:ranker@v1')+struct.pack('>i',-1)+f('ev:0a1b2c3d\nev:99887766')+f('{}')+f('0'*64)).hexdigest())"
        var hash = AuditHash.Compute(1, "2026-11-22T00:00:00.0000000Z", "ana", "registry.register", "model:ranker@v1", null, ["ev:0a1b2c3d", "ev:99887766"], "{}", AuditHash.Genesis);

        Assert.Equal("ad25c19bdac8924acf31958233e148ae63ad8e8c4dcf8018db9c817f7bd98193", hash);
    }

    [Fact]
    public async Task Append_ThreeEvents_ChainLinksAndVerifies()
    {
        await using var store = await OpenAsync();
        var events = await store.WriteAsync(async (tx, ct) => new[]
        {
            await tx.Audit.AppendAsync(Draft("model:ranker@v1"), ct),
            await tx.Audit.AppendAsync(Draft("model:ranker@v2"), ct),
            await tx.Audit.AppendAsync(Draft("alias:ranker/production"), ct),
        });

        Assert.Equal([1L, 2, 3], events.Select(e => e.Sequence));
        Assert.Equal(AuditHash.Genesis, events[0].PreviousHash);
        Assert.Equal(events[0].Hash, events[1].PreviousHash);
        Assert.Equal(events[1].Hash, events[2].PreviousHash);
        var result = await VerifyAsync(store);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(3, result.Events);
        Assert.Equal(new AuditHead(3, events[2].Hash), result.Head);
    }

    [Fact]
    public async Task Verify_RowEditedByHand_NamesThatEvent()
    {
        await AppendFiveAsync();
        Tamper("DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = 'mallory' WHERE seq = 3");

        await using var store = await OpenAsync();
        var result = await VerifyAsync(store);

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.StartsWith("evt-3 (registry.register model:ranker@v3) was modified", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowDeletedByHand_NamesTheGap()
    {
        await AppendFiveAsync();
        Tamper("DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq = 2");

        await using var store = await OpenAsync();
        var result = await VerifyAsync(store);

        Assert.Equal(2, result.BrokenAt);
        Assert.Equal("evt-2 missing: the log jumps from evt-1 to evt-3 (deleted rows)", result.Problem);
    }

    [Fact]
    public async Task Verify_RowRehashedAfterEdit_BreaksTheNextLink()
    {
        await AppendFiveAsync();
        // A careful forger recomputes the edited row's own hash; the next event still points at the old one.
        await using (var store = await OpenAsync())
        {
            var e = (await store.EventsAsync())[1];
            var forged = AuditHash.Compute(e with { Actor = "mallory" });
            Tamper($"DROP TRIGGER audit_events_no_update; UPDATE audit_events SET actor = 'mallory', hash = '{forged}' WHERE seq = 2");
        }

        await using var reopened = await OpenAsync();
        var result = await VerifyAsync(reopened);

        Assert.Equal(3, result.BrokenAt);
        Assert.StartsWith("evt-3 does not link to the event before it", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LastRowsDeleted_HeadCatchesTheTruncation()
    {
        await AppendFiveAsync();
        Tamper("DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq >= 4");

        await using var store = await OpenAsync();
        var result = await VerifyAsync(store);

        Assert.Equal(4, result.BrokenAt);
        Assert.Equal("events after evt-3 are missing: the head says the log ends at evt-5 (rows deleted from the end)", result.Problem);
    }

    [Fact]
    public async Task Update_ThroughSqlWithTriggersInPlace_IsRefused()
    {
        await AppendFiveAsync();

        var ex = Assert.Throws<SqliteException>(() => Tamper("UPDATE audit_events SET actor = 'mallory' WHERE seq = 1"));

        Assert.Contains("audit events are append-only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SubjectPrefix_MatchesVersionsOfThatModelOnly()
    {
        await using var store = await OpenAsync();
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.Audit.AppendAsync(Draft("model:ranker@v1"), ct);
            await tx.Audit.AppendAsync(Draft("model:rankerx@v1"), ct);
            await tx.Audit.AppendAsync(Draft("model:ranker"), ct);
            return 0;
        });

        var subjects = (await store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = "model:ranker" }, ct))).Select(e => e.Subject);

        Assert.Equal(["model:ranker@v1", "model:ranker"], subjects);
    }

    private async Task AppendFiveAsync()
    {
        await using var store = await OpenAsync();
        for (var i = 1; i <= 5; i++)
        {
            var subject = $"model:ranker@v{i}";
            await store.AppendAsync(Draft(subject));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static ValueTask<AuditVerification> VerifyAsync(SqliteStore store) =>
        store.ReadAsync(async (tx, ct) => AuditChainVerifier.Verify(await StoreAccess.ToListAsync(tx.Audit.ReadAllAsync(ct), ct), await tx.Audit.HeadAsync(ct)));

    private static AuditEventDraft Draft(string subject) => new() { Actor = "ana", Action = AuditActions.Register, Subject = subject };

    private ValueTask<SqliteStore> OpenAsync() => SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
