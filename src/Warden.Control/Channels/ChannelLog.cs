using System.Runtime.CompilerServices;
using System.Text.Json;
using Warden.Audit;
using Warden.Storage;

namespace Warden.Channels;

/// <summary>
/// The channels, kept in the audit log: a message is a <c>channel.publish</c> event under subject
/// <c>channel:NAME</c>, so it is numbered, durable and hash-chained with the actions it reports on,
/// and commits with them in the publisher's transaction (a rollback and its feed message cannot
/// part). Reading a channel is an audit query by subject.
/// </summary>
internal static class ChannelLog
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Publishes <paramref name="message"/> in <paramref name="tx"/>; returns its event.</summary>
    /// <exception cref="ArgumentException">The channel is not one of <see cref="ChannelNames.All"/>.</exception>
    public static ValueTask<AuditEvent> PublishAsync(IStoreTransaction tx, ChannelMessage message, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(message);
        if (!ChannelNames.IsKnown(message.Channel))
        {
            throw new ArgumentException($"Unknown channel '{message.Channel}'; the channels are {string.Join(", ", ChannelNames.All)}.", nameof(message));
        }

        return tx.Audit.AppendAsync(new AuditEventDraft
        {
            Actor = actor,
            Action = AuditActions.ChannelPublish,
            Subject = ChannelNames.Subject(message.Channel),
            EvidenceIds = [.. message.EvidenceIds.Take(200)],
            Payload = Serialize(message),
        }, cancellationToken);
    }

    /// <summary>The message as stored (compact snake_case JSON).</summary>
    public static string Serialize(ChannelMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>
    /// Messages on <paramref name="channel"/>, oldest first: the most recent <paramref name="limit"/>
    /// at or after <paramref name="since"/>; or, given <paramref name="afterSequence"/> (a follower's
    /// cursor), the first <paramref name="limit"/> after it, so a follower never skips one.
    /// </summary>
    public static async ValueTask<IReadOnlyList<ChannelEntry>> ReadAsync(IStoreTransaction tx, string channel, DateTimeOffset? since, long? afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var events = await tx.Audit.ListAsync(Query(channel, since, afterSequence, limit), cancellationToken).ConfigureAwait(false);
        return [.. events.Select(Entry)];
    }

    /// <summary>
    /// Every message on <paramref name="channel"/> after sequence <paramref name="after"/>, oldest
    /// first, as it is published (<see cref="AuditFollow"/>: the store read every
    /// <paramref name="poll"/> on <paramref name="time"/> from a forward cursor), so whatever any
    /// server or CLI on the store publishes is followed. Ends only by cancellation.
    /// </summary>
    public static async IAsyncEnumerable<ChannelEntry> FollowAsync(
        IWardenStore store, string channel, long after, TimeSpan poll, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in AuditFollow.EventsAsync(store, Filter(channel), after, poll, time, cancellationToken).ConfigureAwait(false))
        {
            yield return Entry(e);
        }
    }

    /// <summary>The audit log's last sequence (0 when empty): where a follower that wants only new messages starts.</summary>
    public static ValueTask<long> HeadAsync(IWardenStore store, CancellationToken cancellationToken) => AuditFollow.HeadAsync(store, cancellationToken);

    /// <summary>The audit events that are <paramref name="channel"/>'s messages (for a follower).</summary>
    public static AuditQuery Filter(string channel) => Query(channel, null, null, AuditFollow.PageSize);

    /// <summary>Every channel with its message count and newest message, in <see cref="ChannelNames.All"/> order.</summary>
    public static async ValueTask<IReadOnlyList<ChannelStatus>> StatusAsync(IStoreTransaction tx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var statuses = new List<ChannelStatus>(ChannelNames.All.Count);
        foreach (var channel in ChannelNames.All)
        {
            var query = Query(channel, null, null, 1);
            var count = await tx.Audit.CountAsync(query, cancellationToken).ConfigureAwait(false);
            var last = await tx.Audit.ListAsync(query, cancellationToken).ConfigureAwait(false);
            statuses.Add(new ChannelStatus(channel, count, last.Count == 1 ? Entry(last[0]) : null));
        }

        return statuses;
    }

    /// <summary>The entry an audit event carries; a payload that does not parse is shown as such, never dropped.</summary>
    public static ChannelEntry Entry(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ChannelEntry(e.Sequence, e.Id, e.Time, e.Actor, Parse(e));
    }

    private static AuditQuery Query(string channel, DateTimeOffset? since, long? afterSequence, int limit) => new()
    {
        Action = AuditActions.ChannelPublish,
        Subject = ChannelNames.Subject(channel),
        Since = since,
        AfterSequence = afterSequence,
        FromOldest = afterSequence is not null,
        Limit = limit,
    };

    private static ChannelMessage Parse(AuditEvent e)
    {
        var channel = e.Subject.StartsWith("channel:", StringComparison.Ordinal) ? e.Subject["channel:".Length..] : e.Subject;
        try
        {
            if (JsonSerializer.Deserialize<ChannelMessage>(e.Payload, Json) is { } message)
            {
                return message;
            }
        }
        catch (JsonException ex)
        {
            return Unreadable(e, channel, ex.Message);
        }

        return Unreadable(e, channel, "the payload is null");
    }

    private static ChannelMessage Unreadable(AuditEvent e, string channel, string reason) => new()
    {
        Channel = channel,
        Kind = "unreadable",
        Publisher = e.Actor,
        Summary = $"the payload of {e.Id} is not a channel message ({reason}); run 'warden audit verify' and 'warden audit list --subject {e.Subject}'",
    };
}
