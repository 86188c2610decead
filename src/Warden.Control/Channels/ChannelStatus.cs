namespace Warden.Channels;

/// <summary>One channel at a glance (<c>warden channel list</c>).</summary>
/// <param name="Channel">The channel's name.</param>
/// <param name="Messages">How many messages it holds.</param>
/// <param name="Last">Its newest message, or null when it has none.</param>
internal sealed record ChannelStatus(string Channel, long Messages, ChannelEntry? Last);
