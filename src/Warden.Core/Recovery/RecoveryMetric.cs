using Warden.Core.Statistics;

namespace Warden.Core.Recovery;

/// <summary>One row of the metrics table: RTO, RPO or Recovery Success Rate, with its interval and provenance.</summary>
public sealed record RecoveryMetric
{
    /// <summary><c>RTO</c>, <c>RPO</c> or <c>Recovery Success Rate</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The target: seconds for RTO and RPO (at most), 1.0 for the success rate (at least).</summary>
    public required double Target { get; init; }

    /// <summary>The median (RTO, RPO, order-statistic CI) or the proportion (success, Wilson CI); null when no run measured it.</summary>
    public Estimate? Observed { get; init; }

    /// <summary>The row's status.</summary>
    public required MetricStatus Status { get; init; }

    /// <summary>The run ids the value rests on, oldest first.</summary>
    public required IReadOnlyList<string> RunIds { get; init; }

    /// <summary>The latest of those runs' evidence (<c>file#id</c>), or null.</summary>
    public string? LatestEvidence { get; init; }
}
