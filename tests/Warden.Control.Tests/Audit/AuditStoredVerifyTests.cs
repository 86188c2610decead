using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Control.Tests.Audit;

/// <summary>The stored-bytes verifier (what <c>audit verify</c> runs) against hand-tampered SQLite files.</summary>
public sealed class AuditStoredVerifyTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Verify_EmptyLog_IsIntactWithNoHead()
    {
        await using var store = await OpenAsync();

        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));

        Assert.True(result.Intact);
        Assert.Equal(0, result.Events);
        Assert.Null(result.Head);
    }

    [Fact]
    public async Task Verify_TenThousandEvents_IntactAndReportsProgress()
    {
        var head = await AppendAsync(10_000);
        var reports = new List<long>();

        await using var store = await OpenAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, progress: new Collect(reports), cancellationToken: ct));

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(10_000, result.Events);
        Assert.Equal(head, result.Head);
        Assert.Empty(reports);
    }

    public static TheoryData<string, long, string> Tampering => new()
    {
        {
            "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET payload = '{\"n\":1}' WHERE seq = 9001",
            9001, "evt-9001 (note service:search/9001) was modified: its fields hash to "
        },
        {
            "DROP TRIGGER audit_events_no_delete; DELETE FROM audit_events WHERE seq IN (5000, 5001)",
            5000, "evt-5000–evt-5001 missing: the log jumps from evt-4999 to evt-5002 (deleted rows)"
        },
        {
            "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET time = '2026-11-22T00:00:00Z' WHERE seq = 2",
            2, "evt-2 (note service:search/2) was modified: its fields hash to "
        },
        {
            "DROP TRIGGER audit_events_no_update; UPDATE audit_events SET deployment_id = NULL WHERE seq = 7",
            7, "evt-7 (note service:search/7) was modified: its fields hash to "
        },
        {
            "INSERT INTO audit_events SELECT seq + 1, time, actor, action, subject, deployment_id, evidence_ids, payload, hash, hash FROM audit_events WHERE seq = 10000",
            10001, "evt-10001 (note service:search/10000) was modified: its fields hash to "
        },
        {
            "DELETE FROM audit_head",
            10000, "the head record is missing but the log has 10000 events (audit_head was deleted)"
        },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Verify_HandTamperedFile_NamesTheFirstBrokenEvent(string sql, long brokenAt, string problemStart)
    {
        await AppendAsync(10_000);
        Tamper(sql);

        await using var store = await OpenAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));

        Assert.False(result.Intact);
        Assert.Equal(brokenAt, result.BrokenAt);
        Assert.StartsWith(problemStart, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WholeLogRewrittenConsistently_OnlyTheAnchorCatchesIt()
    {
        var anchor = await AppendAsync(20);
        await RewriteEverythingAsync(actor: "mallory");

        await using var store = await OpenAsync();
        var withoutAnchor = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct));
        var withAnchor = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, anchor, cancellationToken: ct));

        Assert.True(withoutAnchor.Intact, withoutAnchor.Problem);
        Assert.Equal(20, withAnchor.BrokenAt);
        Assert.StartsWith($"evt-20 does not match the anchor (anchored {anchor.Hash[..12]}, the log has ", withAnchor.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AnchorPastTheEnd_SaysEventsWereRemoved()
    {
        await AppendAsync(5);

        await using var store = await OpenAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, new AuditHead(9, new string('a', 64)), cancellationToken: ct));

        Assert.Equal(6, result.BrokenAt);
        Assert.Equal("the anchor evt-9 is past the end of the log (ends at evt-5): events were deleted and the head rewritten, or the log was replaced", result.Problem);
    }

    [Fact]
    public async Task Verify_AnchorAtAnEarlierIntactEvent_IsIntact()
    {
        var early = await AppendAsync(5);
        await AppendAsync(5);

        await using var store = await OpenAsync();
        var result = await store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, early, cancellationToken: ct));

        Assert.True(result.Intact, result.Problem);
        Assert.Equal(10, result.Events);
    }

    private async Task<AuditHead> AppendAsync(int events)
    {
        await using var store = await OpenAsync();
        return await store.WriteAsync(async (tx, ct) =>
        {
            AuditEvent? last = null;
            var start = ((await tx.Audit.HeadAsync(ct))?.Sequence ?? 0) + 1;
            for (var i = 0; i < events; i++)
            {
                var n = start + i;
                last = await tx.Audit.AppendAsync(new AuditEventDraft
                {
                    Actor = "ana",
                    Action = AuditActions.Note,
                    Subject = $"service:search/{n}",
                    DeploymentId = $"dep-{n}",
                    EvidenceIds = n % 2 == 0 ? ["ev:1", "ev:2"] : [],
                    Payload = $$"""{"n":{{n}}}""",
                }, ct);
            }

            return new AuditHead(last!.Sequence, last.Hash);
        });
    }

    private async Task RewriteEverythingAsync(string actor)
    {
        List<AuditEvent> events;
        await using (var store = await OpenAsync())
        {
            events = await store.EventsAsync();
        }

        var previous = AuditHash.Genesis;
        var sql = new System.Text.StringBuilder("DROP TRIGGER audit_events_no_update;");
        foreach (var e in events)
        {
            var forged = AuditHash.Compute(e with { Actor = actor, PreviousHash = previous });
            sql.Append($"UPDATE audit_events SET actor = '{actor}', prev_hash = '{previous}', hash = '{forged}' WHERE seq = {e.Sequence};");
            previous = forged;
        }

        sql.Append($"UPDATE audit_head SET hash = '{previous}';");
        Tamper(sql.ToString());
    }

    private ValueTask<SqliteStore> OpenAsync() => SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_dir.File("warden.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed class Collect(List<long> into) : IProgress<long>
    {
        public void Report(long value) => into.Add(value);
    }
}
