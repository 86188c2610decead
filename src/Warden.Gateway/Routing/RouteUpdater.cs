using Microsoft.Extensions.Logging;
using Warden.Gateway.Hosting;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Routing;

/// <summary>
/// Changes routes at run time: validates a <see cref="RouteUpdate"/> against the configured
/// backends, publishes the next revision, and counts the change (or the refusal) on the
/// observer. The admin API calls it; so will the rollout controller.
/// </summary>
internal sealed class RouteUpdater(RouteTableHolder holder, BackendCatalog catalog, IGatewayObserver observer, ILogger logger)
{
    /// <summary>Applies <paramref name="update"/> to <paramref name="service"/>, or says why not.</summary>
    public RouteUpdateResult Apply(string service, RouteUpdate update)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            var table = holder.Current;
            if (!table.Services.TryGetValue(service, out var current) || catalog.VersionsOf(service) is not { } known)
            {
                observer.EventCounted(null, GatewayEvent.RouteChangeRejected);
                return new RouteUpdateResult { Status = RouteUpdateStatus.UnknownService, Table = table };
            }

            var problems = new List<RouteProblem>();
            var next = Compute(service, current, update, known, problems);
            if (next is null)
            {
                observer.EventCounted(service, GatewayEvent.RouteChangeRejected);
                GatewayLog.RouteChangeRejected(logger, service, problems.Count, problems[0].Message);
                return new RouteUpdateResult { Status = RouteUpdateStatus.Invalid, Table = table, Problems = problems };
            }

            var published = RouteTableHolder.With(table, next);
            if (holder.TryPublish(table, published))
            {
                observer.EventCounted(service, GatewayEvent.RouteChanged);
                GatewayLog.RouteChanged(
                    logger,
                    service,
                    published.Revision,
                    next.Production.Version,
                    next.Canary?.Version ?? "none",
                    CanaryWeight.Format(next.CanaryBasisPoints),
                    next.Shadow?.Version ?? "none");
                return new RouteUpdateResult { Status = RouteUpdateStatus.Applied, Table = published };
            }

            // Another writer published in between: recompute from its table so neither change is lost.
        }
    }

    /// <summary>Counts a change refused before it could be applied (malformed body, unknown service).</summary>
    public void Reject(string? service) => observer.EventCounted(service, GatewayEvent.RouteChangeRejected);

    private ServiceRoute? Compute(string service, ServiceRoute current, RouteUpdate update, IReadOnlyList<string> known, List<RouteProblem> problems)
    {
        var production = update.Production ?? current.Production.Version;
        var shadow = update.ChangeShadow ? update.Shadow : current.Shadow?.Version;
        var canary = update.ChangeCanary ? update.Canary : current.Canary?.Version;

        Check(service, "production", production, known, null, problems);
        if (shadow is not null)
        {
            Check(service, "shadow", shadow, known, production, problems);
        }

        if (canary is not null)
        {
            Check(service, "canary", canary, known, production, problems);
        }

        var basisPoints = current.Canary is null ? 0 : current.CanaryBasisPoints;
        if (update.CanaryWeightPercent is { } percent)
        {
            if (!CanaryWeight.TryToBasisPoints(percent, out basisPoints))
            {
                problems.Add(new RouteProblem("canary_weight", CanaryWeight.Problem(percent)));
            }
            else if (canary is null)
            {
                problems.Add(new RouteProblem(
                    "canary_weight",
                    update.ChangeCanary
                        ? "canary_weight is given but canary is null (removed); give a canary version, or drop canary_weight"
                        : $"canary_weight is given but service '{service}' has no canary; set canary too"));
            }
        }
        else if (canary is not null && current.Canary is null)
        {
            problems.Add(new RouteProblem("canary_weight", $"a new canary ('{canary}') needs canary_weight, in percent from 0 to 100"));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        return new ServiceRoute
        {
            Service = service,
            Production = catalog.Find(service, production)!.Target,
            Shadow = shadow is null ? null : catalog.Find(service, shadow)!.Target,
            Canary = canary is null ? null : catalog.Find(service, canary)!.Target,
            CanaryBasisPoints = canary is null ? 0 : basisPoints,
        };
    }

    private static void Check(string service, string role, string version, IReadOnlyList<string> known, string? production, List<RouteProblem> problems)
    {
        if (RouteRules.CheckVersion(service, role, version, known, production) is { } problem)
        {
            problems.Add(new RouteProblem(role, problem));
        }
    }
}
