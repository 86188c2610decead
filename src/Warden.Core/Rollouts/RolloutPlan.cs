namespace Warden.Core.Rollouts;

/// <summary>How a candidate moves from shadow to production, and what it may do on the way.</summary>
public sealed record RolloutPlan
{
    /// <summary>The shadow phase: minimum mirrored requests and duration, and its maximum duration.</summary>
    public CanaryStep Shadow { get; init; } = new() { WeightPercent = 0, MinRequests = 1000, MinDuration = TimeSpan.FromMinutes(5), MaxDuration = TimeSpan.FromMinutes(60) };

    /// <summary>The canary steps in order; the default is 1 → 5 → 25 → 50 → 100 %.</summary>
    public IReadOnlyList<CanaryStep> Steps { get; init; } =
        [.. new decimal[] { 1, 5, 25, 50, 100 }.Select(w => new CanaryStep { WeightPercent = w })];

    /// <summary>What a step still inconclusive at its maximum duration does.</summary>
    public InconclusiveAction OnInconclusive { get; init; } = InconclusiveAction.Pause;

    /// <summary>Whether promotion to production waits for a human <c>approve</c>.</summary>
    public bool RequireApproval { get; init; }

    /// <summary>How long the guard keeps watching a newly promoted version before the rollout is done.</summary>
    public TimeSpan BakeTime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The offline evidence bundle (an evidence.yaml, absolute path) whose ranking, safety,
    /// integration and rollback evidence the live shadow verdict reuses beside the shadow's own
    /// latency, errors and score correlation; null when the plan names none (then only the live
    /// measurements are judged, and the missing checks make that verdict SHADOW ONLY at best).
    /// </summary>
    public string? EvidencePath { get; init; }
}
