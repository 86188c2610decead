using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Registry;

/// <summary><c>warden registry alias NAME ALIAS VERSION</c>: moves an alias; moving production is a promotion.</summary>
internal static class RegistryAliasCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name." };
        var alias = new Argument<string>("alias") { Description = $"Alias: production, candidate, shadow, canary, previous or any name matching {RegistryNames.AliasPattern}." };
        var version = new Argument<string>("version") { Description = "Registered version the alias is to hold." };
        var overrideOption = new Option<bool>("--override") { Description = "Move production without a GO verdict (needs --reason; recorded as an override)." };
        var reason = new Option<string?>("--reason") { Description = "Why; required with --override, recorded with any move." };
        var deployment = new Option<string?>("--deployment") { Description = "Deployment id whose recorded GO verdict the promotion rests on, when several exist." };
        var policy = new Option<string?>("--policy")
        {
            Description = "warden.yaml whose policy.verdict_max_age_days limits the age of the GO verdict a promotion rests on; default 7 days.",
        };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "alias",
            "Point an alias at a version. production needs a recorded GO verdict for that version judged against the version in production now, recorded within policy.verdict_max_age_days (default 7), in a row the audit log vouches for (or --override --reason); the version it leaves becomes previous.")
        {
            name, alias, version, overrideOption, reason, deployment, policy, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var maxAge = PolicyFile.Load(parse.GetValue(policy), "nothing was moved").VerdictMaxAge;
            var request = new AliasRequest
            {
                Model = parse.GetValue(name)!,
                Alias = parse.GetValue(alias)!,
                Version = parse.GetValue(version)!,
                Actor = store.ActorOf(parse),
                Override = parse.GetValue(overrideOption),
                Reason = parse.GetValue(reason),
                DeploymentId = parse.GetValue(deployment),
                VerdictMaxAge = maxAge,
            };
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            var result = await new ModelRegistry(opened).MoveAliasAsync(request, cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new AliasJson(result.Moves.Count == 0 ? "unchanged" : "moved", [.. result.Moves.Select(RegistryJson.MoveJson.Of)]));
                return ExitCodes.Success;
            }

            if (result.Moves.Count == 0)
            {
                env.Out.WriteLine($"unchanged: {request.Alias} already holds {request.Model} {request.Version}; nothing was written.");
            }

            foreach (var move in result.Moves)
            {
                var why = move.Kind switch
                {
                    AliasMoveKinds.Promote => $"promotion on the GO verdict of {move.DeploymentId}",
                    AliasMoveKinds.Override => $"OVERRIDE without a GO verdict: {move.Reason}",
                    AliasMoveKinds.Previous => "automatic: production's old version",
                    _ => move.Reason ?? "moved",
                };
                env.Out.WriteLine($"{move.Model}/{move.Alias}: {move.FromVersion ?? "none"} → {move.ToVersion} ({why}; {Warden.Audit.AuditIds.Format(move.AuditSequence)})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record AliasJson(string Result, IReadOnlyList<RegistryJson.MoveJson> Moves);
}
