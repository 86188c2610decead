using System.Text.Json.Nodes;
using Warden.Channels;

namespace Warden.Cli.Channel;

/// <summary>A channel entry in <c>--json</c> output: the event's id, sequence, time and actor, and the message as published.</summary>
internal static class ChannelJson
{
    public static object Entry(ChannelEntry entry) => new
    {
        entry.EventId,
        entry.Sequence,
        entry.Time,
        entry.Actor,
        Message = JsonNode.Parse(ChannelLog.Serialize(entry.Message)),
    };
}
