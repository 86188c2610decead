using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Gateway.Configuration;
using Warden.Storage;

namespace Warden.Cli.Cycle;

/// <summary>
/// What a heartbeat cycle reads from warden.yaml: <c>cycle:</c>, the gateway's services, the
/// policy, the rollout plans a GO starts, and the drill routes (left out of the governed services).
/// The whole file is read and every section checked, as <c>warden serve</c> reads it.
/// </summary>
internal sealed record CycleConfigFile(string Path, CycleOptions Cycle, GatewayOptions Gateway, VerdictPolicy Policy, RolloutOptions Rollouts, DrillOptions Drills, StoreSettings Store)
{
    /// <summary>The gateway services that are drill copies of a route (drill.services.*.route).</summary>
    public IReadOnlySet<string> DrillRoutes => Drills.Services.Values.Select(t => t.Route).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="path"/>; every problem at once (exit 2).</summary>
    public static CycleConfigFile Load(string path)
    {
        var file = ServerConfigFile.Load(path, "warden.yaml with a gateway: section", "no cycle was run");
        return new CycleConfigFile(
            path,
            file.Get<CycleOptions>(CycleConfigLoader.Section),
            file.Get<GatewayOptions>(GatewayConfigLoader.Section),
            file.Get<VerdictPolicy>(PolicyLoader.Section),
            file.Get<RolloutOptions>(RolloutConfigLoader.Section),
            file.Get<DrillOptions>(DrillConfigLoader.Section),
            file.Get<StoreSettings>(StoreConfigLoader.Section));
    }
}
