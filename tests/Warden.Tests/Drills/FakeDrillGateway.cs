using Warden.Drills;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Tests.Drills;

/// <summary>
/// The running gateway as the drill sees it, with the controller's work done instantly: a route
/// carries what its active rollout's stored state calls for (<see cref="RolloutRoutes.For"/>, the
/// controller's own rule: a canary step routes the candidate as canary, a shadow phase routes none),
/// else its production version alone. The gateway's health verdict on each version is settable.
/// </summary>
internal sealed class FakeDrillGateway(IWardenStore store, string production) : IDrillRoutes
{
    /// <summary>The gateway's health verdict per version (<c>up</c>, <c>down</c>, <c>unknown</c>); none given: no entry.</summary>
    public Dictionary<string, string> Health { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times the route was read.</summary>
    public int Reads { get; private set; }

    /// <inheritdoc />
    public async ValueTask<DrillRouteView> ReadAsync(string route, CancellationToken cancellationToken)
    {
        Reads++;
        var active = await store.ReadAsync((tx, ct) => tx.Rollouts.ActiveAsync(route, ct), cancellationToken);
        var health = new Dictionary<string, string>(Health, StringComparer.Ordinal);
        if (active is null)
        {
            return new DrillRouteView(production, null, health);
        }

        var routed = RolloutRoutes.For(active.State, RolloutPlanJson.Read(active.PlanJson));
        return new DrillRouteView(routed.Production, routed.Canary, health);
    }
}
