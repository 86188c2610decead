namespace Warden.Core.Recovery;

/// <summary>The Rollback Officer's verdict (rules in docs/drills.md).</summary>
public enum OfficerVerdict
{
    /// <summary>Every rollback path tested within the age, 100 % success, RTO and RPO within target. Next action: Continue Monitoring.</summary>
    Ready,

    /// <summary>Neither Ready nor Failed. Next action: Trigger Full Audit.</summary>
    Partial,

    /// <summary>No run in the window, median RTO above target, or a path's latest run failed. Next action: Alert Ops Commander.</summary>
    Failed,
}
