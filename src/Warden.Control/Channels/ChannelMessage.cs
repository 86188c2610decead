using System.Text.Json.Nodes;

namespace Warden.Channels;

/// <summary>One message on a channel, as published (the audit event's payload, snake_case).</summary>
internal sealed record ChannelMessage
{
    /// <summary>The channel (<see cref="ChannelNames"/>).</summary>
    public required string Channel { get; init; }

    /// <summary>What kind of message: <c>begin_cycle</c>, <c>end_cycle</c>, <c>baseline</c>, <c>latency</c>, <c>compliance</c>, <c>integration</c>, <c>checkpoint</c>, <c>drill</c>, <c>rollback</c>, <c>innovation</c> (a cycle's verdicts are in its <c>end_cycle</c> message and record).</summary>
    public required string Kind { get; init; }

    /// <summary>Who published it: a reviewer's name (Infra Guardian, …), <c>warden drill</c> or the guard.</summary>
    public required string Publisher { get; init; }

    /// <summary>One line a human reads in <c>warden channel tail</c>.</summary>
    public required string Summary { get; init; }

    /// <summary>The cycle that published it (<c>cy-…</c>), or null outside a cycle (a drill, a guard rollback).</summary>
    public string? Cycle { get; init; }

    /// <summary>The service it is about, if one.</summary>
    public string? Service { get; init; }

    /// <summary>Reports written with it (paths).</summary>
    public IReadOnlyList<string> Reports { get; init; } = [];

    /// <summary>Evidence ids it rests on (<c>evt-…</c>, <c>rb-…</c>, sha256 evidence ids).</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];

    /// <summary>Details for machines (a check's value and interval, a drill run's entry), or null.</summary>
    public JsonNode? Data { get; init; }
}
