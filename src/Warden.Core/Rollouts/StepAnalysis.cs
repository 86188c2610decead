using Warden.Core.Verdicts;

namespace Warden.Core.Rollouts;

/// <summary>
/// The analysis of one canary step: the decision, why, and every check with its measured value,
/// interval and threshold (what <c>warden rollout status</c> shows and the store keeps).
/// </summary>
public sealed record StepAnalysis
{
    /// <summary>What the controller does next.</summary>
    public required StepOutcome Outcome { get; init; }

    /// <summary>One sentence naming the rule that decided and the finding behind it.</summary>
    public required string Reason { get; init; }

    /// <summary>True when the window held enough requests and time to be judged.</summary>
    public required bool WindowComplete { get; init; }

    /// <summary>Canary requests in the window.</summary>
    public required long CanaryRequests { get; init; }

    /// <summary>Production requests in the same window.</summary>
    public required long ProductionRequests { get; init; }

    /// <summary>The checks (P95, P95 drift, error rate), judged as the verdict judges them.</summary>
    public required IReadOnlyList<CheckResult> Checks { get; init; }

    /// <summary>The ids of the measurements the checks read (<c>prom:…</c> for Prometheus); empty for the gateway's telemetry windows.</summary>
    public IReadOnlyList<string> EvidenceIds { get; init; } = [];
}
