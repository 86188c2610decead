using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Gateway.Configuration;

namespace Warden.Cli.Cycle;

/// <summary>
/// What a heartbeat cycle reads from warden.yaml: <c>cycle:</c>, the gateway's services, the
/// policy, the rollout plans a GO starts, and the drill routes (left out of the governed services).
/// The whole file is read and every section checked, as <c>warden serve</c> reads it.
/// </summary>
internal sealed record CycleConfigFile(string Path, CycleOptions Cycle, GatewayOptions Gateway, VerdictPolicy Policy, RolloutOptions Rollouts, DrillOptions Drills)
{
    /// <summary>The gateway services that are drill copies of a route (drill.services.*.route).</summary>
    public IReadOnlySet<string> DrillRoutes => Drills.Services.Values.Select(t => t.Route).ToHashSet(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="path"/>; every problem at once (exit 2).</summary>
    public static CycleConfigFile Load(string path)
    {
        string text;
        using (var stream = InputFile.Open(path, "warden.yaml with a gateway: section"))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var file = ConfigFileLoader.Load(
            new StringReader(text), new ConfigContext(path, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))), WardenConfigSections.All, "gateway");
        if (file.Errors.Count > 0)
        {
            var lines = file.Errors.Select(e => $"error: {e}");
            throw new UserInputException(
                $"{path}: {file.Errors.Count} problem(s) in the configuration; no cycle was run.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        return new CycleConfigFile(
            path,
            file.Get<CycleOptions>(CycleConfigLoader.Section),
            file.Get<GatewayOptions>(GatewayConfigLoader.Section),
            file.Get<VerdictPolicy>(PolicyLoader.Section),
            file.Get<RolloutOptions>(RolloutConfigLoader.Section),
            file.Get<DrillOptions>(DrillConfigLoader.Section));
    }
}
