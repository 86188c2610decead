namespace Warden.Core.Policy;

/// <summary>Rollback readiness limits.</summary>
public sealed record RollbackPolicy
{
    /// <summary>Oldest acceptable checkpoint verification (YAML <c>checkpoint_max_age_hours</c>).</summary>
    public double CheckpointMaxAgeHours { get; init; } = 24;

    /// <summary>Longest acceptable checkpoint load time in seconds (YAML <c>load_time_max_s</c>).</summary>
    public double LoadTimeMaxSeconds { get; init; } = 30;

    /// <summary>Oldest acceptable passed recovery drill (YAML <c>drill_max_age_days</c>).</summary>
    public double DrillMaxAgeDays { get; init; } = 7;

    /// <summary>
    /// How often a recovery drill is due (YAML <c>drill_every_days</c>, weekly by default): the
    /// heartbeat cycle runs one when the latest is older, and <c>warden drill</c> prints when the next is due.
    /// </summary>
    public double DrillEveryDays { get; init; } = 7;

    /// <summary>Recovery time objective in seconds (YAML <c>rto_max_s</c>).</summary>
    public double RtoMaxSeconds { get; init; } = 120;

    /// <summary>Recovery point objective in seconds (YAML <c>rpo_max_s</c>).</summary>
    public double RpoMaxSeconds { get; init; } = 300;
}
