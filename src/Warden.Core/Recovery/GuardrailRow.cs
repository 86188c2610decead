namespace Warden.Core.Recovery;

/// <summary>One row of the guardrail table: a rollback path, its threshold and its latest drill or event.</summary>
public sealed record GuardrailRow
{
    /// <summary>The path.</summary>
    public required RecoveryPath Path { get; init; }

    /// <summary>The path's name in the report, e.g. <c>Latency</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The guard trigger names the path groups, e.g. <c>latency_p95</c>, <c>latency_drift</c>.</summary>
    public required IReadOnlyList<string> Triggers { get; init; }

    /// <summary>The trip threshold from the policy, as text.</summary>
    public required string Threshold { get; init; }

    /// <summary>The latest incident or fault drill of the path in the window, or null.</summary>
    public RecoveryRun? Latest { get; init; }

    /// <summary>The latest successful run of the path within the drill max age, or null.</summary>
    public RecoveryRun? LatestSuccessWithinAge { get; init; }

    /// <summary>Runs of the path in the window.</summary>
    public required int Runs { get; init; }

    /// <summary>Failed runs of the path in the window.</summary>
    public required int Failures { get; init; }

    /// <summary>The latest run's result as text, e.g. <c>restored in 1.35 s</c>.</summary>
    public required string Result { get; init; }

    /// <summary>The path's status.</summary>
    public required GuardrailStatus Status { get; init; }
}
