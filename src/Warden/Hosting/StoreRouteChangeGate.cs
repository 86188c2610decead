using System.Text.Json;
using Warden.Audit;
using Warden.Cli.Registry;
using Warden.Gateway.Routing;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Hosting;

/// <summary>
/// The route-change gate <c>warden serve</c> plugs into the gateway: in one store transaction, a
/// change of production passes the registry's promotion gate (a GO verdict for the new version
/// judged against the route's current production, recorded within <c>policy.verdict_max_age_days</c>,
/// or an override with a reason) and the change's <c>route.change</c> audit event is committed. The
/// gateway publishes the new table only after this returns Allowed. With <c>recordStart</c> false (a
/// gateway replica) the file's routes are not recorded at start: the replica follows the store's.
/// </summary>
internal sealed class StoreRouteChangeGate(IWardenStore store, TimeSpan verdictMaxAge, string actor, bool recordStart = true) : IRouteChangeGate
{
    /// <summary>The audit subject of a service's route: <c>route:NAME</c>.</summary>
    public static string Subject(string service) => $"route:{service}";

    /// <summary>The route a <c>route.change</c> or <c>route.load</c> event's payload records (its "after"), or null when it holds none.</summary>
    public static FollowedRoute? Recorded(string payload) =>
        RouteJson.After(payload) is { } route ? new FollowedRoute(route.Production, route.Canary, route.CanaryWeight, route.Shadow) : null;

    public async ValueTask<RouteChangeDecision> DecideAsync(RouteChange change, CancellationToken cancellationToken)
    {
        try
        {
            var recorded = await store.WriteAsync(async (tx, ct) =>
            {
                var verdict = change.MovesProduction ? await RequireGroundsAsync(tx, change, ct).ConfigureAwait(false) : null;
                return await tx.Audit.AppendAsync(new AuditEventDraft
                {
                    Actor = change.Actor,
                    Action = AuditActions.RouteChange,
                    Subject = Subject(change.Service),
                    DeploymentId = verdict?.DeploymentId,
                    EvidenceIds = verdict?.EvidenceIds ?? [],
                    Payload = AuditPayload.Of(new
                    {
                        change.Service,
                        change.Revision,
                        Before = RouteJson.Of(change.Before),
                        After = RouteJson.Of(change.After),
                        Changed = RouteJson.Changed(change.Before, change.After),
                        change.Reason,
                        change.Override,
                        Verdict = verdict?.Outcome,
                        VerdictDeployment = verdict?.DeploymentId,
                        VerdictBaseline = verdict?.BaselineVersion,
                        VerdictRecordedAt = verdict?.RecordedAt,
                        ReportSha256 = verdict?.ReportSha256,
                    }),
                }, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return RouteChangeDecision.Allow(recorded.Id);
        }
        catch (RegistryRefusal refusal)
        {
            return RouteChangeDecision.Refuse([new RouteProblem(refusal.Code == RefusalCodes.AmbiguousVerdict ? "deployment" : "production", RefusalWording.ForApi(refusal))]);
        }
        catch (StoreException ex)
        {
            return RouteChangeDecision.NotRecorded(ex.Message);
        }
    }

    public async ValueTask RecordStartAsync(RouteTable table, CancellationToken cancellationToken)
    {
        // A gateway replica starts on the routes the store records (StoreRouteFollower), never on its own file's.
        if (!recordStart)
        {
            return;
        }

        // The file is the gateway's starting point, so loading it is not gated; a route the log has
        // not seen last for that service is recorded, so an edit of warden.yaml between two runs
        // shows in the log as route.load with its before and after.
        await store.WriteAsync(async (tx, ct) =>
        {
            foreach (var route in table.Services.Values.OrderBy(r => r.Service, StringComparer.Ordinal))
            {
                var after = RouteJson.Of(route);
                var last = (await tx.Audit.ListAsync(new AuditQuery { Subject = Subject(route.Service), Limit = 1 }, ct).ConfigureAwait(false)).SingleOrDefault();
                var before = last is null ? null : RouteJson.After(last.Payload);
                if (before == after)
                {
                    continue;
                }

                await tx.Audit.AppendAsync(new AuditEventDraft
                {
                    Actor = actor,
                    Action = AuditActions.RouteLoad,
                    Subject = Subject(route.Service),
                    Payload = AuditPayload.Of(new
                    {
                        route.Service,
                        table.Revision,
                        Before = before,
                        After = after,
                        Changed = before is null ? null : RouteJson.Changed(before, after),
                        Reason = last is null ? "first start: the route in warden.yaml" : $"the route in warden.yaml differs from the last one recorded ({last.Id})",
                    }),
                }, ct).ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<VerdictRecord?> RequireGroundsAsync(IStoreTransaction tx, RouteChange change, CancellationToken cancellationToken)
    {
        var version = change.After.Production.Version;
        if (await tx.Registry.FindAsync(change.Service, version, cancellationToken).ConfigureAwait(false) is { Tampered: { } mark })
        {
            throw ModelRegistry.Tampered(change.Service, version, mark);
        }

        return change.Override ? null : await ModelRegistry.RequireGoAsync(tx, new PromotionRequest
        {
            Model = change.Service,
            Version = version,
            Production = change.Before.Production.Version,
            DeploymentId = change.DeploymentId,
            VerdictMaxAge = verdictMaxAge,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A route as the audit payload records it; a record, so two routes compare by value.</summary>
    private sealed record RouteJson(string Production, string? Canary, double CanaryWeight, string? Shadow)
    {
        public static RouteJson Of(ServiceRoute route) => new(
            route.Production.Version,
            route.Canary?.Version,
            Warden.Gateway.Routing.CanaryWeight.ToPercent(route.Canary is null ? 0 : route.CanaryBasisPoints),
            route.Shadow?.Version);

        public static IReadOnlyList<string> Changed(ServiceRoute before, ServiceRoute after) => Changed(Of(before), Of(after));

        public static IReadOnlyList<string> Changed(RouteJson before, RouteJson after) =>
        [
            .. before.Production != after.Production ? ["production"] : Array.Empty<string>(),
            .. before.Canary != after.Canary ? ["canary"] : Array.Empty<string>(),
            .. before.CanaryWeight != after.CanaryWeight ? ["canary_weight"] : Array.Empty<string>(),
            .. before.Shadow != after.Shadow ? ["shadow"] : Array.Empty<string>(),
        ];

        // The "after" of a recorded route event; null when the payload holds none the gateway wrote.
        public static RouteJson? After(string payload)
        {
            try
            {
                using var document = JsonDocument.Parse(payload);
                if (!document.RootElement.TryGetProperty("after", out var after) || after.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }

                string? Text(string name) => after.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                return Text("production") is { } production
                    ? new RouteJson(production, Text("canary"), after.TryGetProperty("canary_weight", out var w) && w.TryGetDouble(out var weight) ? weight : 0, Text("shadow"))
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
