using Microsoft.Extensions.Logging;
using Warden.Gateway.Hosting;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Routing;

/// <summary>
/// Changes routes at run time: validates a <see cref="RouteUpdate"/> against the configured
/// backends, has the <see cref="IRouteChangeGate"/> judge and record it, then publishes the next
/// revision, and counts the change (or the refusal) on the observer. The admin API calls it; so
/// will the rollout controller. Changes are serialized: each is computed from the table in force,
/// recorded with that table as its "before", and published before the next one starts, so the
/// audit log's before → after chain matches the revisions served.
/// </summary>
internal sealed partial class RouteUpdater(RouteTableHolder holder, BackendCatalog catalog, IRouteChangeGate gate, IGatewayObserver observer, ILogger logger)
{
    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>Applies <paramref name="update"/> to <paramref name="service"/> for <paramref name="actor"/>, or says why not.</summary>
    public async ValueTask<RouteUpdateResult> ApplyAsync(string service, RouteUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await _changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
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
                return Rejected(service, RouteUpdateStatus.Invalid, table, problems);
            }

            var change = new RouteChange
            {
                Service = service,
                Before = current,
                After = next,
                Revision = table.Revision + 1,
                Actor = actor,
                Reason = update.Reason,
                Override = update.Override,
                DeploymentId = update.DeploymentId,
            };

            // Once the gate starts writing, the client going away must not leave a recorded change unpublished.
            var decision = await DecideAsync(change).ConfigureAwait(false);
            switch (decision.Outcome)
            {
                case RouteChangeOutcome.Refused:
                    return Rejected(service, RouteUpdateStatus.Refused, table, decision.Problems);
                case RouteChangeOutcome.NotRecorded:
                    observer.EventCounted(service, GatewayEvent.RouteChangeRejected);
                    GatewayLog.RouteChangeNotRecorded(logger, service, decision.Failure ?? "unknown failure");
                    return new RouteUpdateResult { Status = RouteUpdateStatus.NotRecorded, Table = table, Failure = decision.Failure };
            }

            var published = Publish(table, next, service, decision.Record ?? "the change");
            GatewayLog.RouteChanged(
                logger,
                service,
                published.Revision,
                next.Production.Version,
                next.Canary?.Version ?? "none",
                CanaryWeight.Format(next.CanaryBasisPoints),
                next.Shadow?.Version ?? "none");
            return new RouteUpdateResult { Status = RouteUpdateStatus.Applied, Table = published, Record = decision.Record };
        }
        finally
        {
            _changes.Release();
        }
    }

    // Publishes the next revision computed from the table in force and counts it. Every change
    // goes through this updater, one at a time; another publisher would make the recorded "before"
    // a lie, so a moved table is a bug, not a race to retry.
    private RouteTable Publish(RouteTable table, ServiceRoute next, string service, string record)
    {
        var published = RouteTableHolder.With(table, next);
        if (!holder.TryPublish(table, published))
        {
            throw new InvalidOperationException($"the route table moved past revision {table.Revision} outside RouteUpdater while {record} was being applied");
        }

        observer.EventCounted(service, GatewayEvent.RouteChanged);
        return published;
    }

    private async ValueTask<RouteChangeDecision> DecideAsync(RouteChange change)
    {
        try
        {
            return await gate.DecideAsync(change, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return RouteChangeDecision.NotRecorded(ex.Message);
        }
    }

    private RouteUpdateResult Rejected(string service, RouteUpdateStatus status, RouteTable table, IReadOnlyList<RouteProblem> problems)
    {
        observer.EventCounted(service, GatewayEvent.RouteChangeRejected);
        GatewayLog.RouteChangeRejected(logger, service, problems.Count, problems.Count > 0 ? problems[0].Message : "refused");
        return new RouteUpdateResult { Status = status, Table = table, Problems = problems };
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

        CheckGrounds(current, update, production, problems);
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

    // An override and a deployment speak for a change of production; an override must say why.
    private static void CheckGrounds(ServiceRoute current, RouteUpdate update, string production, List<RouteProblem> problems)
    {
        var movesProduction = production != current.Production.Version;
        if (update.Override && !movesProduction)
        {
            problems.Add(new RouteProblem("override", $"override applies to a change of production only; this change keeps production at {current.Production.Version} (canary and shadow changes need no verdict); drop \"override\""));
        }

        if (update.Override && string.IsNullOrWhiteSpace(update.Reason))
        {
            problems.Add(new RouteProblem("reason", "\"override\": true needs a \"reason\": the audit log records why production moved without a GO verdict"));
        }

        if (update.DeploymentId is not null && !movesProduction)
        {
            problems.Add(new RouteProblem("deployment", $"deployment applies to a change of production only; this change keeps production at {current.Production.Version}; drop \"deployment\""));
        }
    }

    private static void Check(string service, string role, string version, IReadOnlyList<string> known, string? production, List<RouteProblem> problems)
    {
        if (RouteRules.CheckVersion(service, role, version, known, production) is { } problem)
        {
            problems.Add(new RouteProblem(role, problem));
        }
    }
}
