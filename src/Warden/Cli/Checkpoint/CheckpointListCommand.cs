using System.CommandLine;
using Warden.Checkpoints;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Core.Reports;

namespace Warden.Cli.Checkpoint;

/// <summary><c>warden checkpoint list [NAME]</c>: the latest verification of each version with its status now.</summary>
internal static class CheckpointListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string?>("name") { Description = "Only this model.", Arity = ArgumentArity.ZeroOrOne };
        var policy = new CheckpointPolicyOption();
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List checkpoints: latest verification per model/version, its age, load time and status (ok, stale, slow, failed, tampered).") { name, policy.Option, json };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limits = policy.Load(parse);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var now = env.Time.GetUtcNow();
            var rows = (await opened.ReadAsync((tx, ct) => tx.Checkpoints.LatestAsync(parse.GetValue(name), ct), cancellationToken)).Select(v => CheckpointJson.Of(v, limits, now)).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new ListJson(rows));
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                env.Out.WriteLine("no checkpoints verified yet; run 'warden checkpoint verify NAME [VERSION]'.");
                return ExitCodes.Success;
            }

            env.Out.WriteLine($"{"MODEL",-16} {"VERSION",-12} {"SHA256",-12} {"VERIFIED",-20} {"AGE_H",8} {"LOAD_S",9} STATUS");
            foreach (var r in rows)
            {
                var load = r.LoadTimeS is { } s ? CliText.Number(s) : "-";
                env.Out.WriteLine($"{r.Model,-16} {r.Version,-12} {CliText.Short(r.Sha256),-12} {r.VerifiedAt,-20} {CliText.Number(r.AgeHours, 1),8} {load,9} {r.Status}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record ListJson(IReadOnlyList<CheckpointJson> Checkpoints);
}
