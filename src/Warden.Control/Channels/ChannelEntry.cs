namespace Warden.Channels;

/// <summary>One stored message: the audit event that carries it and the message itself.</summary>
/// <param name="Sequence">The audit event's sequence (a follower's cursor).</param>
/// <param name="EventId">The audit event's id (<c>evt-…</c>).</param>
/// <param name="Time">When it was published.</param>
/// <param name="Actor">Who published it (the server's holder name or the CLI user).</param>
/// <param name="Message">The message; an unreadable payload becomes a message of kind <c>unreadable</c> saying so.</param>
internal sealed record ChannelEntry(long Sequence, string EventId, DateTimeOffset Time, string Actor, ChannelMessage Message);
