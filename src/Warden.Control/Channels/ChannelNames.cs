namespace Warden.Channels;

/// <summary>
/// The heartbeat cycle's channels (docs/cycle.md): one per reviewer feed and the innovation relay.
/// Every message is an audit event (action <c>channel.publish</c>, subject <c>channel:NAME</c>),
/// so the channels are durable, numbered and hash-chained with everything else.
/// </summary>
internal static class ChannelNames
{
    /// <summary>Infra Guardian: environment manifests and artifact sha256 of what is in production.</summary>
    public const string Baseline = "v1_baseline_feed";

    /// <summary>Latency Analyst: production's live SLOs from the telemetry windows.</summary>
    public const string Latency = "v1_latency_feed";

    /// <summary>Compliance Monitor: live compliance and the latest evaluation.</summary>
    public const string Compliance = "v1_compliance_feed";

    /// <summary>Integration Engineer: API compatibility of pending candidates against production.</summary>
    public const string Integration = "v1_integration_feed";

    /// <summary>Rollback Officer: checkpoint verifications, drills and rollbacks.</summary>
    public const string Rollback = "v1_rollback_feed";

    /// <summary>The innovation relay: what a cycle learned that deserves research follow-up.</summary>
    public const string InnovationRelay = "innovation_relay";

    /// <summary>Every channel, in the order the cycle's phases publish to them.</summary>
    public static IReadOnlyList<string> All { get; } = [Baseline, Latency, Compliance, Integration, Rollback, InnovationRelay];

    /// <summary>True when <paramref name="name"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>The audit subject of a channel's messages.</summary>
    public static string Subject(string channel) => $"channel:{channel}";
}
