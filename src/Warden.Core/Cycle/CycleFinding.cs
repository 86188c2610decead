namespace Warden.Core.Cycle;

/// <summary>One result a phase found: a reviewer's check on one service or version, an action taken or refused.</summary>
public sealed record CycleFinding
{
    /// <summary>Who found it: a reviewer (Infra Guardian, Latency Analyst, …) or the phase.</summary>
    public required string Reviewer { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The version it is about, if one.</summary>
    public string? Version { get; init; }

    /// <summary>What was checked or done, e.g. <c>artifact.sha256</c>, <c>latency.p95</c>, <c>rollout.start</c>.</summary>
    public required string Check { get; init; }

    /// <summary>PASS, FAIL, INCONCLUSIVE, a verdict (GO, SHADOW ONLY, …) or an action's outcome (done, refused, not allowed).</summary>
    public required string Status { get; init; }

    /// <summary>One line with the numbers.</summary>
    public required string Detail { get; init; }

    /// <summary>Evidence the finding rests on: audit event ids, evidence ids, report paths.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];
}
