using System.Globalization;

namespace Warden.Core.Drills;

/// <summary>
/// How drills are named. A drill (one <c>warden drill</c> invocation) is <c>dr-yyyyMMddTHHmmssfffZ</c>;
/// its runs are <c>DRILL-1</c>, <c>DRILL-2</c>, ...; the rollout of a run carries the run id as its
/// deployment id, which is how the report tells a drill's rollback from a real incident.
/// </summary>
public static class DrillIds
{
    /// <summary>The prefix every drill id and drill run id starts with.</summary>
    public const string Prefix = "dr-";

    /// <summary>The id of a drill started at <paramref name="startedAt"/>.</summary>
    public static string Drill(DateTimeOffset startedAt) =>
        Prefix + startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Run <paramref name="run"/> (from 1) of drill <paramref name="drillId"/>.</summary>
    public static string Run(string drillId, int run) => $"{drillId}-{run.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>True when a rollout's deployment id names a drill run, not a recorded verdict.</summary>
    public static bool IsDrillRun(string? deploymentId) => deploymentId is not null && deploymentId.StartsWith(Prefix, StringComparison.Ordinal);
}
