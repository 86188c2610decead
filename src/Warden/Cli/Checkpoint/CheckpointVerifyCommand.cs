using System.CommandLine;
using Warden.Checkpoints;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Core.Reports;

namespace Warden.Cli.Checkpoint;

/// <summary><c>warden checkpoint verify NAME [VERSION]</c>: re-hash, reach and load a checkpoint, and record the result.</summary>
internal static class CheckpointVerifyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Model name." };
        var version = new Argument<string?>("version") { Description = "Version (default: the one the production alias holds).", Arity = ArgumentArity.ZeroOrOne };
        var load = new Option<string?>("--load-command")
        {
            Description = $"Command that loads the artifact, run with /bin/sh -c; {LoadCommand.Placeholder} is replaced by its quoted path. Default: read the artifact fully.",
        };
        var timeout = new Option<double>("--load-timeout") { Description = "Seconds before the load command is killed (a failed checkpoint).", DefaultValueFactory = _ => 120 };
        CommonOptions.Check(timeout, v => v is > 0 and <= 86400 ? null : $"--load-timeout must be greater than 0 and at most 86400 seconds; got {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        var policy = new CheckpointPolicyOption();
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "verify",
            $"Verify a rollback checkpoint: sha256 re-checked, file readable, load time measured; recorded. Exit 0 when ok, {ExitCodes.VerificationFailed} when slow, failed or tampered.")
        {
            name, version, load, timeout, policy.Option, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limits = policy.Load(parse);
            var loadCommand = parse.GetValue(load) is { Length: > 0 } template
                ? new LoadCommand(template, TimeSpan.FromSeconds(parse.GetValue(timeout)), env.Time)
                : null;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            var result = await new CheckpointVerifier(opened, limits, env.Time).VerifyAsync(new CheckpointRequest
            {
                Model = parse.GetValue(name)!,
                Version = parse.GetValue(version),
                Actor = store.ActorOf(parse),
                Load = loadCommand,
            }, cancellationToken);

            var shown = CheckpointJson.Of(result, limits, result.VerifiedAt);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, shown);
            }
            else
            {
                var load = shown.LoadTimeS is { } s ? $"{CliText.Number(s, 3)} s" : "-";
                env.Out.WriteLine($"{shown.Status.ToUpperInvariant()}: checkpoint {shown.Model} {shown.Version}");
                env.Out.WriteLine($"  sha256       {shown.Sha256} ({(result.Sha256Verified ? "verified" : $"read {shown.Sha256Read ?? "nothing"}")})");
                env.Out.WriteLine($"  path         {TerminalText.Visible(shown.Path)} ({(shown.Reachable ? "reachable" : "NOT reachable")})");
                env.Out.WriteLine($"  load time    {load} ({(shown.LoadCommand is null ? "full read" : TerminalText.Visible(shown.LoadCommand))}; limit < {CliText.Number(limits.Limits.LoadTimeMaxSeconds)} s)");
                env.Out.WriteLine($"  verified at  {shown.VerifiedAt} by {TerminalText.Visible(shown.VerifiedBy)}");
                if (shown.Problem is not null)
                {
                    env.Out.WriteLine($"  problem      {TerminalText.Visible(shown.Problem)}");
                }
            }

            return shown.Status == CheckpointStatus.Ok ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }
}
