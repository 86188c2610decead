using System.CommandLine;
using Warden.Cli.Audit;
using Warden.Cli.Checkpoint;
using Warden.Cli.Eval;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Cli.Stats;
using Warden.Cli.Verdict;
using Warden.Core.Evidence;
using Warden.Evidence;
using Warden.Registry;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli;

/// <summary>
/// Builds the <c>warden</c> command tree and runs it, turning every failure into an exit code
/// and a one-line message: bad input never ends in a stack trace.
/// </summary>
internal static class WardenCli
{
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "Warden: deployment governance for ML model services. Judges a candidate model against production " +
            "from measured evidence, with 95 % confidence intervals on every number.\n" +
            "Exit codes: 0 success (or GO), 1 internal error, 2 bad input or usage, 3 SHADOW ONLY, 4 PAUSE_AND_FIX, 5 REJECT, 6 verification failed (audit chain broken, state row not vouched for, empty audit log, artifact tampered, checkpoint not ready, a drill run failed, a heartbeat cycle phase failed) (see docs/cli.md).");
        root.Subcommands.Add(StatsCommand.Create(env));
        root.Subcommands.Add(EvalCommand.Create(env));
        root.Subcommands.Add(VerdictCommand.Create(env));
        root.Subcommands.Add(AuditCommand.Create(env));
        root.Subcommands.Add(RegistryCommand.Create(env));
        root.Subcommands.Add(CheckpointCommand.Create(env));
        root.Subcommands.Add(Serve.ServeCommand.Create(env));
        root.Subcommands.Add(Route.RouteCommand.Create(env));
        root.Subcommands.Add(Rollout.RolloutCommandGroup.Create(env));
        root.Subcommands.Add(Report.ReportCommand.Create(env));
        root.Subcommands.Add(Drill.DrillCommand.Create(env));
        root.Subcommands.Add(Cycle.CycleCommand.Create(env));
        root.Subcommands.Add(Channel.ChannelCommand.Create(env));
        root.Subcommands.Add(Token.TokenCommand.Create(env));
        root.Options.Add(Remote.RemoteRun.CreateOption());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var root = Build(env);
        var parse = root.Parse(args);
        var problems = UsageProblems.Of(parse);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                env.Error.WriteLine($"error: {TerminalText.VisibleLines(problem)}");
            }

            // Nested commands (audit list) name their whole path, not only the last word.
            var names = new List<string>();
            for (var result = parse.CommandResult; result.Command != root && result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            {
                names.Insert(0, result.Command.Name);
            }

            var path = string.Join(' ', ["warden", .. names]);
            env.Error.WriteLine($"Run '{path} --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            if (await Remote.RemoteRun.TryRunAsync(parse, env, cancellationToken).ConfigureAwait(false) is { } remote)
            {
                return remote;
            }

            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = env.Out,
                    Error = env.Error,
                    EnableDefaultExceptionHandler = false,
                    // Signals stay the process's (and 'serve''s own handler's): System.CommandLine
                    // would otherwise cancel the action on Ctrl-C and end the process 2 s later.
                    ProcessTerminationTimeout = null,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = CliFailure.Of(ex);
            foreach (var line in failure.Lines)
            {
                env.Error.WriteLine(line);
            }

            env.Failure?.Invoke(failure);
            return failure.Exit;
        }
    }
}
