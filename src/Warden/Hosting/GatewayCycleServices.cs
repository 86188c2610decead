using Warden.Cycle;
using Warden.Gateway.Configuration;
using Warden.Gateway.Routing;

namespace Warden.Hosting;

/// <summary>
/// The cycle's services inside <c>warden serve</c>: the configured backends with the production
/// and shadow the running gateway's route table has now (after every rollout and rollback).
/// Drill routes are left out: a drill copy is exercised by drills, not governed.
/// </summary>
internal sealed class GatewayCycleServices(GatewayOptions gateway, RouteTableHolder routes, IReadOnlySet<string> drillRoutes) : ICycleServices
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CycleService>> ListAsync(CancellationToken cancellationToken)
    {
        var table = routes.Current.Services;
        IReadOnlyList<CycleService> list =
        [
            .. gateway.Services
                .Where(s => !drillRoutes.Contains(s.Name) && table.ContainsKey(s.Name))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new CycleService(
                    s.Name,
                    s.Backends.ToDictionary(b => b.Version, b => b.Address, StringComparer.Ordinal),
                    table[s.Name].Production.Version,
                    table[s.Name].Shadow?.Version)),
        ];
        return ValueTask.FromResult(list);
    }
}
