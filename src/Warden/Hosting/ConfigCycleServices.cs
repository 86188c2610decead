using Warden.Cycle;
using Warden.Gateway.Configuration;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>
/// The cycle's services for <c>warden cycle run --once</c> (no gateway in the process): the
/// configured backends, with production as the registry's <c>production</c> alias says (what the
/// last promotion or rollback left), else as warden.yaml's route says. Drill routes are left out.
/// </summary>
internal sealed class ConfigCycleServices(GatewayOptions gateway, IWardenStore store, IReadOnlySet<string> drillRoutes) : ICycleServices
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CycleService>> ListAsync(CancellationToken cancellationToken)
    {
        var list = new List<CycleService>();
        foreach (var service in gateway.Services.Where(s => !drillRoutes.Contains(s.Name)).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var backends = service.Backends.ToDictionary(b => b.Version, b => b.Address, StringComparer.Ordinal);
            var aliases = await store.ReadAsync((tx, ct) => tx.Registry.AliasesAsync(service.Name, ct), cancellationToken).ConfigureAwait(false);
            var production = aliases.GetValueOrDefault(RegistryNames.Production) is { } registered && backends.ContainsKey(registered)
                ? registered
                : service.Route.Production.Version;
            list.Add(new CycleService(service.Name, backends, production, service.Route.Shadow?.Version));
        }

        return list;
    }
}
