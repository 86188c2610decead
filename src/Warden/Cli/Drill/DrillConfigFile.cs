using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Drills;
using Warden.Core.Policy;
using Warden.Gateway.Configuration;
using Warden.Storage;

namespace Warden.Cli.Drill;

/// <summary>
/// What <c>warden drill</c> reads from the server's warden.yaml: the <c>drill:</c> section, the
/// gateway's services (the drill route and the faulty build's address) and the policy (objectives,
/// the guard's designed level). The whole file is read and every section checked, as
/// <c>warden serve</c> reads it.
/// </summary>
internal sealed record DrillConfigFile(string Path, DrillOptions Drills, GatewayOptions Gateway, VerdictPolicy Policy, StoreSettings Store)
{
    /// <summary>Reads <paramref name="path"/>; every problem at once (exit 2).</summary>
    public static DrillConfigFile Load(string path)
    {
        var file = ServerConfigFile.Load(path, "warden.yaml with gateway: and drill: sections", "no drill was run");
        return new DrillConfigFile(path, file.Get<DrillOptions>(DrillConfigLoader.Section), file.Get<GatewayOptions>(GatewayConfigLoader.Section), file.Get<VerdictPolicy>(PolicyLoader.Section), file.Get<StoreSettings>(StoreConfigLoader.Section));
    }

    /// <summary>The drill set-up of <paramref name="service"/>, or the error that says how to add one.</summary>
    public DrillTarget Target(string service)
    {
        if (Drills.Services.TryGetValue(service, out var target))
        {
            return target;
        }

        var known = Drills.Services.Count == 0 ? "none is" : $"{string.Join(", ", Drills.Services.Keys.Order(StringComparer.Ordinal))} {(Drills.Services.Count == 1 ? "is" : "are")}";
        throw new UserInputException(
            $"{Path}: drill.services has no entry for '{service}' ({known} set up for drills). Add one with the faulty build's version on the drill route, its fault endpoint and a request body, e.g." +
            $"{Environment.NewLine}  drill:{Environment.NewLine}    services:{Environment.NewLine}      {service}: {{ candidate: faulty, faults: http://127.0.0.1:8196/admin/faults, request: {{ body: drill-request.json }} }}" +
            $"{Environment.NewLine}and declare its drill route {service}-drill in gateway.services (docs/drills.md).");
    }
}
