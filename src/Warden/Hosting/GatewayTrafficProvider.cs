using Warden.Gateway.Routing;
using Warden.Rollouts;

namespace Warden.Hosting;

/// <summary>
/// The rollout controller's traffic provider in <c>warden serve</c>: the in-process gateway's route
/// table. A change goes through the gateway's <see cref="RouteUpdater"/> like an admin API call —
/// validated against the configured backends, judged and audited by the route-change gate — so a
/// rollout's route changes are <c>route.change</c> events beside its <c>rollout.*</c> ones.
/// </summary>
internal sealed class GatewayTrafficProvider(RouteTableHolder routes, RouteUpdater updater) : ITrafficProvider
{
    /// <inheritdoc />
    public ValueTask<TrafficRoute?> CurrentAsync(string service, CancellationToken cancellationToken) =>
        ValueTask.FromResult(routes.Current.Services.TryGetValue(service, out var route) ? Of(route) : null);

    /// <inheritdoc />
    public async ValueTask<TrafficChange> ApplyAsync(string service, TrafficRoute route, TrafficGrounds grounds, CancellationToken cancellationToken)
    {
        var result = await updater.ApplyAsync(
            service,
            new RouteUpdate
            {
                Production = route.Production,
                ChangeCanary = true,
                Canary = route.Canary,
                CanaryWeightPercent = route.Canary is null ? null : (double)route.CanaryWeightPercent,
                ChangeShadow = true,
                Shadow = route.Shadow,
                Override = grounds.Override,
                Reason = grounds.Reason,
                DeploymentId = grounds.DeploymentId,
            },
            grounds.Actor,
            cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            RouteUpdateStatus.Applied => new TrafficChange(true),
            RouteUpdateStatus.NotRecorded => new TrafficChange(false, $"the route change could not be recorded: {result.Failure}"),
            RouteUpdateStatus.UnknownService => new TrafficChange(false, $"the gateway has no service '{service}'"),
            _ => new TrafficChange(false, string.Join("; ", result.Problems.Select(p => $"{p.Field}: {p.Message}"))),
        };
    }

    private static TrafficRoute Of(ServiceRoute route) => new(
        route.Production.Version,
        route.Canary?.Version,
        route.Canary is null ? 0 : (decimal)CanaryWeight.ToPercent(route.CanaryBasisPoints),
        route.Shadow?.Version);
}
