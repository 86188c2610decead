using System.Globalization;

namespace Warden.Core.Cycle;

/// <summary>How cycles are named: <c>cy-yyyyMMddTHHmmssfffZ</c>, from the time the cycle began.</summary>
public static class CycleIds
{
    /// <summary>The prefix every cycle id starts with.</summary>
    public const string Prefix = "cy-";

    /// <summary>The id of a cycle begun at <paramref name="startedAt"/>.</summary>
    public static string Of(DateTimeOffset startedAt) =>
        Prefix + startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The deployment id a cycle's verdict on one candidate is recorded under: the cycle id, the service and the version.</summary>
    public static string Deployment(string cycleId, string service, string candidate) => $"{cycleId}-{service}-{candidate}";

    /// <summary>True when <paramref name="id"/> looks like a cycle id.</summary>
    public static bool IsCycle(string? id) => id is not null && id.StartsWith(Prefix, StringComparison.Ordinal);
}
