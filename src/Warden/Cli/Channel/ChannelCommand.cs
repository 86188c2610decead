using System.CommandLine;

namespace Warden.Cli.Channel;

/// <summary><c>warden channel</c>: the reviewers' feeds and the innovation relay (docs/cycle.md#channels).</summary>
internal static class ChannelCommand
{
    public static Command Create(CliEnvironment env) => new(
        "channel",
        "The channels (docs/cycle.md#channels): v1_baseline_feed, v1_latency_feed, v1_compliance_feed, v1_integration_feed, v1_rollback_feed and innovation_relay. Every message is an audit event (channel.publish), numbered and hash-chained with the rest.")
    {
        ChannelListCommand.Create(env),
        ChannelTailCommand.Create(env),
    };
}
