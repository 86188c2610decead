namespace Warden.Core.Cycle;

/// <summary>The phases of a heartbeat cycle, in the order they run (docs/cycle.md).</summary>
public static class CyclePhases
{
    /// <summary>BEGIN_CYCLE on every channel.</summary>
    public const string Begin = "BEGIN_CYCLE";

    /// <summary>Infra Guardian, Latency Analyst and Compliance Monitor on what is in production, in parallel.</summary>
    public const string Baseline = "BASELINE_CHECKS";

    /// <summary>API compatibility of every pending candidate against production, from the live backends' metadata.</summary>
    public const string Integration = "INTEGRATION_VALIDATION";

    /// <summary>Checkpoint verification of every rollback target; a drill where the last one is too old.</summary>
    public const string Rollback = "ROLLBACK_SIMULATION";

    /// <summary>A verdict for every pending candidate from the evidence the cycle collected.</summary>
    public const string Decision = "DECISION_SYNTHESIS";

    /// <summary>GO starts a rollout where allowed; production breaching an SLO rolls back.</summary>
    public const string Act = "ACT";

    /// <summary>What the cycle learned, for research follow-up: innovation_report.md.</summary>
    public const string Relay = "INNOVATION_RELAY";

    /// <summary>Every phase in order.</summary>
    public static IReadOnlyList<string> All { get; } = [Begin, Baseline, Integration, Rollback, Decision, Act, Relay];
}
