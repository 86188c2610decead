using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>
/// The innovation relay, the last phase of a heartbeat cycle: what the cycle learned that deserves
/// research follow-up rather than an operator's action. Pure: the same input always gives the same
/// items in the same order. Four rules, each in its own file:
/// <list type="number">
/// <item><c>quality_vs_latency</c> (<c>InnovationRelay.Candidates.cs</c>): ranking quality improved, latency failed.</item>
/// <item><c>safety_gate</c> (<c>InnovationRelay.Candidates.cs</c>): a safety gate failed.</item>
/// <item><c>live_offline_drift</c> (<c>InnovationRelay.Drift.cs</c>): live numbers left the offline interval.</item>
/// <item><c>rollback_root_cause</c> (<c>InnovationRelay.Rollbacks.cs</c>): a rollback outside a drill.</item>
/// </list>
/// </summary>
public static partial class InnovationRelay
{
    /// <summary>
    /// The items of one cycle, ordered by the design's hierarchy (Compliance &gt; Latency &gt;
    /// Throughput &gt; Novelty, then the gates beside it, then items with no dimension), then by
    /// kind in <see cref="InnovationKinds.All"/> order, then service and version (ordinal), then
    /// the rule's own order (the check's place in the hierarchy, the metric's, the rollback's
    /// detection time and run id), so that the order never depends on the order of the input.
    /// </summary>
    /// <exception cref="ArgumentNullException">The input, one of its lists or its policy is null.</exception>
    public static IReadOnlyList<InnovationItem> Find(InnovationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(input.Candidates);
        ArgumentNullException.ThrowIfNull(input.Comparisons);
        ArgumentNullException.ThrowIfNull(input.Rollbacks);
        ArgumentNullException.ThrowIfNull(input.Policy);

        var found = new List<Found>();
        foreach (var candidate in input.Candidates)
        {
            if (QualityVersusLatency(candidate, input.Policy) is { } item)
            {
                found.Add(item);
            }

            found.AddRange(SafetyGates(candidate, input.Policy));
        }

        foreach (var comparison in input.Comparisons)
        {
            found.AddRange(Drifts(comparison, input.Candidates, input.Policy));
        }

        foreach (var rollback in input.Rollbacks.Where(r => !r.Drill))
        {
            found.Add(RootCause(rollback, input.Candidates));
        }

        return
        [
            .. found
                .OrderBy(f => Rank(f.Item.Dimension))
                .ThenBy(f => KindRank(f.Item.Kind))
                .ThenBy(f => f.Item.Service, StringComparer.Ordinal)
                .ThenBy(f => f.Item.Version, StringComparer.Ordinal)
                .ThenBy(f => f.Tie, StringComparer.Ordinal)
                .ThenBy(f => f.Item.Detail, StringComparer.Ordinal)
                .Select(f => f.Item),
        ];
    }

    // The hierarchy and the gates keep the Dimension enum's order; an item without a dimension goes last.
    private static int Rank(Dimension? dimension) => dimension is { } d ? (int)d : int.MaxValue;

    private static int KindRank(string kind)
    {
        for (var i = 0; i < InnovationKinds.All.Count; i++)
        {
            if (InnovationKinds.All[i] == kind)
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static List<string> Distinct(IEnumerable<string> ids)
    {
        var list = new List<string>();
        foreach (var id in ids)
        {
            if (!string.IsNullOrEmpty(id) && !list.Contains(id, StringComparer.Ordinal))
            {
                list.Add(id);
            }
        }

        return list;
    }

    /// <summary>An item and its place among items of the same rank, kind, service and version.</summary>
    private sealed record Found(InnovationItem Item, string Tie);
}
