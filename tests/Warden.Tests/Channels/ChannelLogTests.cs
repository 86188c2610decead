using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Warden.Audit;
using Warden.Channels;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Channels;

/// <summary>The channels on a real SQLite store: publish, read back, follow by cursor, status.</summary>
public sealed class ChannelLogTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = TestClock.Start();
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir.Path, Time = _time });

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Publish_Message_IsAnAuditEventUnderTheChannelAndReadsBackWhole()
    {
        var message = new ChannelMessage
        {
            Channel = ChannelNames.Rollback,
            Kind = "drill",
            Publisher = "warden drill",
            Summary = "drill dr-1 on ranker (errors fault): passed",
            Cycle = "cy-20261122T000000000Z",
            Service = "ranker",
            Reports = ["/r/recovery_test.json"],
            EvidenceIds = ["dr-1", "rb-1"],
            Data = new JsonObject { ["rto_seconds"] = 1.25 },
        };

        var published = await _store.WriteAsync((tx, ct) => ChannelLog.PublishAsync(tx, message, "ana", ct));
        var read = await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Rollback, null, null, 10, ct));

        Assert.Equal((AuditActions.ChannelPublish, "channel:v1_rollback_feed", "ana"), (published.Action, published.Subject, published.Actor));
        Assert.Equal(["dr-1", "rb-1"], published.EvidenceIds);
        var entry = Assert.Single(read);
        Assert.Equal((published.Sequence, published.Id, "ana"), (entry.Sequence, entry.EventId, entry.Actor));
        Assert.Equal(ChannelLog.Serialize(message), ChannelLog.Serialize(entry.Message));
        Assert.Equal(1.25, entry.Message.Data!["rto_seconds"]!.GetValue<double>());
        Assert.True((await _store.ReadAsync((tx, ct) => AuditChainVerifier.VerifyAsync(tx.Audit, cancellationToken: ct))).Intact);
    }

    [Fact]
    public async Task Publish_UnknownChannel_ThrowsAndWritesNothing()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await _store.WriteAsync((tx, ct) => ChannelLog.PublishAsync(tx, Message("v2_feed", 1), "ana", ct)));

        Assert.StartsWith("Unknown channel 'v2_feed'; the channels are v1_baseline_feed, ", error.Message, StringComparison.Ordinal);
        Assert.Null(await _store.ReadAsync((tx, ct) => tx.Audit.HeadAsync(ct)));
    }

    [Fact]
    public async Task Read_Limit_KeepsTheMostRecentOldestFirst_AndOtherChannelsStayApart()
    {
        await PublishAsync(ChannelNames.Latency, 5);
        await PublishAsync(ChannelNames.Baseline, 2);

        var latest = await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Latency, null, null, 3, ct));

        Assert.Equal(["latency 3", "latency 4", "latency 5"], latest.Select(e => e.Message.Summary));
    }

    [Fact]
    public async Task Read_AfterCursor_TakesTheOldestFirstSoAFollowerNeverSkipsOne()
    {
        await PublishAsync(ChannelNames.Latency, 5);
        var first = (await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Latency, null, null, 100, ct)))[0];

        // Cursor at the first message, page of 2: messages 2 and 3, not the most recent 4 and 5.
        var page = await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Latency, null, first.Sequence, 2, ct));

        Assert.Equal(["latency 2", "latency 3"], page.Select(e => e.Message.Summary));
    }

    [Fact]
    public async Task Read_Since_IncludesAMessageExactlyAtTheBoundary()
    {
        await PublishAsync(ChannelNames.Compliance, 1);
        var boundary = _time.GetUtcNow();
        await PublishAsync(ChannelNames.Compliance, 1, from: 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        await PublishAsync(ChannelNames.Compliance, 1, from: 3);

        // Message 1 and 2 share the boundary time (the clock did not move); 3 is a second later.
        var read = await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Compliance, boundary, null, 100, ct));
        var later = await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Compliance, boundary.AddTicks(1), null, 100, ct));

        Assert.Equal(["compliance 1", "compliance 2", "compliance 3"], read.Select(e => e.Message.Summary));
        Assert.Equal(["compliance 3"], later.Select(e => e.Message.Summary));
    }

    [Fact]
    public async Task Status_EveryChannelInOrder_WithCountAndNewest()
    {
        await PublishAsync(ChannelNames.Rollback, 3);
        await PublishAsync(ChannelNames.InnovationRelay, 1);

        var statuses = await _store.ReadAsync((tx, ct) => ChannelLog.StatusAsync(tx, ct));

        Assert.Equal(ChannelNames.All, statuses.Select(s => s.Channel));
        Assert.Equal([0L, 0, 0, 0, 3, 1], statuses.Select(s => s.Messages));
        Assert.Equal("rollback 3", statuses[4].Last!.Message.Summary);
        Assert.Null(statuses[0].Last);
    }

    [Fact]
    public async Task Read_UnreadablePayload_IsShownAsSuchNotDropped()
    {
        // A channel.publish event whose payload is not a message (written by hand below the CLI's checks).
        await _store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(
            new AuditEventDraft { Actor = "x", Action = AuditActions.ChannelPublish, Subject = "channel:v1_latency_feed", Payload = """{"colour":"red"}""" }, ct));

        var entry = Assert.Single(await _store.ReadAsync((tx, ct) => ChannelLog.ReadAsync(tx, ChannelNames.Latency, null, null, 10, ct)));

        Assert.Equal("unreadable", entry.Message.Kind);
        Assert.StartsWith("the payload of evt-1 is not a channel message (", entry.Message.Summary, StringComparison.Ordinal);
    }

    private async Task PublishAsync(string channel, int count, int from = 1)
    {
        for (var i = from; i < from + count; i++)
        {
            var n = i;
            await _store.WriteAsync((tx, ct) => ChannelLog.PublishAsync(tx, Message(channel, n), "server-a", ct));
        }
    }

    private static ChannelMessage Message(string channel, int n) => new()
    {
        Channel = channel,
        Kind = "test",
        Publisher = "test",
        Summary = $"{channel.Replace("v1_", string.Empty, StringComparison.Ordinal).Replace("_feed", string.Empty, StringComparison.Ordinal).Replace("_relay", string.Empty, StringComparison.Ordinal)} {n}",
    };
}
