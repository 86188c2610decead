using Warden.Api;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Drills;
using Warden.Core.Evidence;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Gateway.Configuration;
using Warden.Storage;

namespace Warden.Configuration;

/// <summary>
/// Every top-level section of <c>warden.yaml</c> this program knows, each read by the feature that
/// owns it. A new feature (rollout, guard, cycle, api, store) adds its section here and nowhere
/// else: the loader, the unknown-key suggestions and the schema-drift test follow from this list.
/// </summary>
internal static class WardenConfigSections
{
    /// <summary>The registered sections, in the order their keys are documented.</summary>
    public static IReadOnlyList<IConfigSection> All { get; } = [PolicyLoader.Section, GatewayConfigLoader.Section, RolloutConfigLoader.Section, DrillConfigLoader.Section, CycleConfigLoader.Section, EvidenceConfigLoader.Section, ApiConfigLoader.Section, StoreConfigLoader.Section];

    /// <summary>The keys of every fixed mapping of the file by dotted path, <c>""</c> being the top level.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } = Collect();

    private static Dictionary<string, IReadOnlyList<string>> Collect()
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [string.Empty] = [.. All.Select(s => s.Name)],
        };
        foreach (var section in All)
        {
            foreach (var (path, names) in section.KnownKeys)
            {
                keys.Add(path, names);
            }
        }

        return keys;
    }
}
