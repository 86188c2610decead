namespace Warden.Core.Cycle;

/// <summary>
/// The four kinds of <see cref="InnovationItem"/>, in the order the relay lists items of equal
/// rank. The strings appear in <c>innovation_report.json</c> and never change once published.
/// </summary>
public static class InnovationKinds
{
    /// <summary>A candidate improved ranking quality but failed latency.</summary>
    public const string QualityVersusLatency = "quality_vs_latency";

    /// <summary>A safety gate (visual-ablation drop, v1/v2 score correlation) failed.</summary>
    public const string SafetyGate = "safety_gate";

    /// <summary>Production's live numbers left the interval of its offline evaluation.</summary>
    public const string LiveOfflineDrift = "live_offline_drift";

    /// <summary>A rollback outside a drill, with its trigger.</summary>
    public const string RollbackRootCause = "rollback_root_cause";

    /// <summary>The four kinds, in listing order.</summary>
    public static IReadOnlyList<string> All { get; } = [QualityVersusLatency, SafetyGate, LiveOfflineDrift, RollbackRootCause];
}
