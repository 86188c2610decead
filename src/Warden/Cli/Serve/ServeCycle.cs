using Warden.Core.Cycle;
using Warden.Core.Drills;

namespace Warden.Cli.Serve;

/// <summary>What <c>warden serve</c> runs its heartbeat cycle with: warden.yaml's <c>cycle:</c> and <c>drill:</c> (the drills a cycle runs, and the drill routes it leaves out of the governed services).</summary>
internal sealed record ServeCycle(CycleOptions Options, DrillOptions Drills)
{
    /// <summary>The gateway services that are drill copies of a route.</summary>
    public IReadOnlySet<string> DrillRoutes { get; } = Drills.Services.Values.Select(t => t.Route).ToHashSet(StringComparer.Ordinal);
}
