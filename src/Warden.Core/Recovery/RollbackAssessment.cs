namespace Warden.Core.Recovery;

/// <summary>The Rollback Officer's assessment of a window: every table of the report and the verdict.</summary>
public sealed record RollbackAssessment
{
    /// <summary>The report's time.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Start of the window.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The drill max age the paths were judged with, in days.</summary>
    public required double DrillMaxAgeDays { get; init; }

    /// <summary>The guard's designed false-alarm level (for the A/A drills' count).</summary>
    public required double FalseAlarm { get; init; }

    /// <summary>The runs in the window, oldest first (ties by run id).</summary>
    public required IReadOnlyList<RecoveryRun> Runs { get; init; }

    /// <summary>The guardrail table: compliance drop, latency, error rate, backend down.</summary>
    public required IReadOnlyList<GuardrailRow> Guardrails { get; init; }

    /// <summary>Median RTO over the runs that measured one.</summary>
    public required RecoveryMetric Rto { get; init; }

    /// <summary>Median RPO over the runs that know one.</summary>
    public required RecoveryMetric Rpo { get; init; }

    /// <summary>Share of successful runs (incidents, fault drills and A/A drills).</summary>
    public required RecoveryMetric SuccessRate { get; init; }

    /// <summary>The real incidents of the window, oldest first.</summary>
    public required IReadOnlyList<RecoveryRun> Incidents { get; init; }

    /// <summary>A/A drills that rolled back a healthy version.</summary>
    public required int FalseRollbacks { get; init; }

    /// <summary>A/A drills in the window.</summary>
    public required int AaDrills { get; init; }

    /// <summary>Ready, Partial or Failed.</summary>
    public required OfficerVerdict Verdict { get; init; }

    /// <summary>Continue Monitoring, Trigger Full Audit or Alert Ops Commander.</summary>
    public required string NextAction { get; init; }

    /// <summary>Why, in at most 25 words, naming an evidence file, a timestamp and a run id.</summary>
    public required string Justification { get; init; }

    /// <summary>The run the justification cites (the deciding run, else the latest), or null when there is none.</summary>
    public RecoveryRun? CitedRun { get; init; }

    /// <summary>The latest run of the window, or null.</summary>
    public RecoveryRun? LatestRun { get; init; }
}
