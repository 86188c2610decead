using System.CommandLine;
using Warden.Cli.Audit;
using Warden.Cli.Checkpoint;
using Warden.Cli.Eval;
using Warden.Cli.Output;
using Warden.Cli.Registry;
using Warden.Cli.Stats;
using Warden.Cli.Verdict;

namespace Warden.Cli;

/// <summary>
/// Builds the <c>warden</c> command tree and runs it, turning every failure into an exit code
/// and a one-line message: bad input never ends in a stack trace.
/// </summary>
internal static class WardenCli
{
    // Every top-level command by name, made only when a tree needs it.
    private static readonly (string Name, Func<CliEnvironment, Command> Create)[] Commands =
    [
        ("stats", StatsCommand.Create),
        ("eval", EvalCommand.Create),
        ("verdict", VerdictCommand.Create),
        ("audit", AuditCommand.Create),
        ("registry", RegistryCommand.Create),
        ("checkpoint", CheckpointCommand.Create),
        ("serve", Serve.ServeCommand.Create),
        ("route", Route.RouteCommand.Create),
        ("rollout", Rollout.RolloutCommandGroup.Create),
        ("report", Report.ReportCommand.Create),
        ("rollback", Rollback.RollbackCommand.Create),
        ("drill", Drill.DrillCommand.Create),
        ("cycle", Cycle.CycleCommand.Create),
        ("channel", Channel.ChannelCommand.Create),
        ("token", Token.TokenCommand.Create),
        ("store", Store.StoreCommand.Create),
    ];

    /// <summary>The command tree; with <paramref name="only"/>, only that top-level command under the root (what the API runs per call).</summary>
    public static RootCommand Build(CliEnvironment env, string? only = null)
    {
        var root = new RootCommand(
            "Warden: deployment governance for ML model services. Judges a candidate model against production " +
            "from measured evidence, with 95 % confidence intervals on every number.\n" +
            "Exit codes: 0 success (or GO), 1 internal error, 2 bad input or usage, 3 SHADOW ONLY, 4 PAUSE_AND_FIX, 5 REJECT, 6 verification failed (audit chain broken, state row not vouched for, empty audit log, artifact tampered, checkpoint not ready, a drill run failed, a heartbeat cycle phase failed) (see docs/cli.md).");
        foreach (var (name, create) in Commands.Where(c => only is null || c.Name == only))
        {
            var command = create(env);
            root.Subcommands.Add(command.Name == name ? command : throw new InvalidOperationException($"command '{command.Name}' is listed as '{name}'"));
        }

        root.Options.Add(Remote.RemoteRun.CreateOption());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default) =>
        RunAsync(Build(env), args, env, cancellationToken);

    /// <summary>Parses and runs <paramref name="args"/> on a tree built by <see cref="Build"/> for <paramref name="env"/> (the API reuses its trees).</summary>
    public static async Task<int> RunAsync(RootCommand root, string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);

        // A command the API runs reads no response file: '@path' from a call must never open a file
        // on the server (its values come after '--' or as '--name=value' too, which are not expanded).
        var parse = root.Parse(args, env.HostedStore is null ? null : new ParserConfiguration { ResponseFileTokenReplacer = null });
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
