using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Warden.Access;
using Warden.Cli.Rollout;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Api;

/// <summary>
/// The rules beyond an endpoint's role (<see cref="ApiRule"/>, docs/roles.md): a production move
/// or an override needs the approver role, and separation of duties. The audit log's record of who
/// registered a version (<c>registered_by</c>) and who started its rollout (<c>started_by</c>) may
/// not approve its promotion to production or override its gate. Checked before the command runs,
/// so a refused call stores nothing. The CLI run locally records the actor it is given and applies
/// no such rule: whoever runs it has the store's file already.
/// </summary>
internal static class ApiRules
{
    /// <summary>A 403 problem when <paramref name="caller"/> may not make this call; null when the command may run.</summary>
    public static async Task<IResult?> CheckAsync(
        ApiRoute route, ApiCaller caller, RouteValueDictionary path, IReadOnlyDictionary<string, List<string>> options, IWardenStore store, CancellationToken cancellationToken)
    {
        string Path(string name) => Convert.ToString(path[name], System.Globalization.CultureInfo.InvariantCulture) ?? "";
        bool Flag(string name) => options.TryGetValue(name, out var values) && values.Contains("true");
        string? Value(string name) => options.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

        switch (route.Rule)
        {
            case ApiRule.RolloutDecision:
            {
                var service = Path("service");
                var typed = route.Command!.Split(' ')[^1];
                return await DutiesAsync(store, caller, service, null, typed + " it", cancellationToken).ConfigureAwait(false);
            }

            case ApiRule.AliasMove:
            {
                var (model, alias, version) = (Path("model"), Path("alias"), Path("version"));
                var overriding = Flag("override");
                if (alias != "production" && !overriding)
                {
                    return null;
                }

                var what = overriding ? "override the promotion gate" : "move the production alias";
                return Approver(caller, route, what) ?? await DutiesAsync(store, caller, model, version, what + " to " + version, cancellationToken).ConfigureAwait(false);
            }

            case ApiRule.RouteChange:
            {
                var service = Path("service");
                var production = Value("production");
                var overriding = Flag("override");
                if (production is null && !overriding)
                {
                    return null;
                }

                var what = overriding ? "override the promotion gate" : "move production";
                return Approver(caller, route, what)
                    ?? (production is null ? null : await DutiesAsync(store, caller, service, production, what + " to " + production, cancellationToken).ConfigureAwait(false));
            }

            case ApiRule.ServerEvidence:
            {
                if (!Flag("record"))
                {
                    return ApiProblems.BadInput("over the API a verdict is recorded: send record=true (--record); its reports stay under the server's data directory (GET /api/v1/verdicts/{model}/{deployment}).");
                }

                if (Value("evidence") is not { } evidence)
                {
                    return null;
                }

                // The bundle is read on the server: only from where its artifacts may come from.
                try
                {
                    var here = Environment.CurrentDirectory;
                    ArtifactRoots.From([], Environment.GetEnvironmentVariable(ArtifactRoots.EnvironmentVariable), here).Check(evidence, "evidence bundle", here);
                    return null;
                }
                catch (RegistryRefusal refusal)
                {
                    return ApiProblems.BadInput(refusal.Message);
                }
            }

            default:
                return null;
        }
    }

    // Production moves and overrides are the approver's, as the rollout's promote and approve are.
    private static IResult? Approver(ApiCaller caller, ApiRoute route, string what) =>
        Roles.Permits(caller.Role, Role.Approver)
            ? null
            : ApiProblems.Of(
                StatusCodes.Status403Forbidden,
                "Forbidden",
                $"{route.Method} {route.Path} to {what} needs the approver role; token '{caller.Name}' has the {Roles.Name(caller.Role)} role.",
                new Dictionary<string, object?> { ["needs"] = Roles.Name(Role.Approver), ["has"] = Roles.Name(caller.Role) });

    // Whoever registered VERSION (default: the rollout's candidate) or started the service's latest
    // rollout of it may not decide its promotion. Unknown names pass: the command says what is missing.
    private static async Task<IResult?> DutiesAsync(IWardenStore store, ApiCaller caller, string model, string? version, string what, CancellationToken cancellationToken)
    {
        if (!RegistryNames.IsValidName(model) || (version is not null && !RegistryNames.IsValidName(version)))
        {
            return null;
        }

        var (registeredBy, startedBy, candidate) = await store.ReadAsync(async (tx, ct) =>
        {
            StoredRollout? rollout = null;
            try
            {
                rollout = await RolloutLookup.FindAsync(tx, model, null, ct).ConfigureAwait(false);
            }
            catch (RolloutRefusal)
            {
                // No rollout of the service: only the registrant is checked.
            }

            var candidate = version ?? rollout?.State.Candidate;
            if (candidate is null)
            {
                return ((string?)null, (string?)null, (string?)null);
            }

            var registered = await tx.Registry.FindAsync(model, candidate, ct).ConfigureAwait(false);
            return (registered?.RegisteredBy, rollout is not null && rollout.State.Candidate == candidate ? rollout.StartedBy : null, candidate);
        }, cancellationToken).ConfigureAwait(false);

        var did = caller.Name == startedBy ? (version is null ? "started this rollout" : $"started the rollout of {model} {candidate}") : caller.Name == registeredBy ? $"registered {model} {candidate}" : null;
        return did is null
            ? null
            : ApiProblems.Of(
                StatusCodes.Status403Forbidden,
                "Separation of duties",
                $"token '{caller.Name}' {did}, so it cannot {what}: another approver must (docs/roles.md).",
                new Dictionary<string, object?> { ["needs"] = Roles.Name(Role.Approver), ["rule"] = "separation_of_duties" });
    }
}
