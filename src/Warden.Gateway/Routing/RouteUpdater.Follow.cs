using Warden.Gateway.Hosting;

namespace Warden.Gateway.Routing;

/// <summary>Following a route recorded by another server on the same store (a gateway replica, or a standby controller).</summary>
internal sealed partial class RouteUpdater
{
    /// <summary>
    /// Brings <paramref name="service"/>'s route to <paramref name="route"/>, which another server of
    /// the same store judged and recorded as <paramref name="record"/>: no gate (the change passed
    /// one where it was made, and its audit event vouches for it), but checked against this
    /// gateway's backends, which may lack a version (then nothing changes and the problem is
    /// logged). Serialized with local changes, so a local change being recorded is never followed
    /// half-way. Returns null when the route is already in force.
    /// </summary>
    public async ValueTask<RouteUpdateResult?> FollowAsync(string service, FollowedRoute route, string record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var table = holder.Current;
            if (!table.Services.TryGetValue(service, out var current) || catalog.VersionsOf(service) is not { } known)
            {
                GatewayLog.RouteNotFollowed(logger, service, record, $"this gateway has no service '{service}'");
                return new RouteUpdateResult { Status = RouteUpdateStatus.UnknownService, Table = table };
            }

            if (route.Matches(current))
            {
                return null;
            }

            var problems = new List<RouteProblem>();
            var next = Compute(
                service,
                current,
                new RouteUpdate
                {
                    Production = route.Production,
                    ChangeCanary = true,
                    Canary = route.Canary,
                    CanaryWeightPercent = route.Canary is null ? null : route.CanaryWeightPercent,
                    ChangeShadow = true,
                    Shadow = route.Shadow,
                },
                known,
                problems);
            if (next is null)
            {
                GatewayLog.RouteNotFollowed(logger, service, record, string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}")));
                return new RouteUpdateResult { Status = RouteUpdateStatus.Invalid, Table = table, Problems = problems };
            }

            var published = Publish(table, next, service, record);
            GatewayLog.RouteFollowed(
                logger,
                service,
                record,
                published.Revision,
                next.Production.Version,
                next.Canary?.Version ?? "none",
                CanaryWeight.Format(next.CanaryBasisPoints),
                next.Shadow?.Version ?? "none");
            return new RouteUpdateResult { Status = RouteUpdateStatus.Applied, Table = published, Record = record };
        }
        finally
        {
            _changes.Release();
        }
    }
}
