using System.CommandLine;

namespace Warden.Cli.Report;

/// <summary><c>warden report</c>: reports written from the store.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("report", "Write reports from the store: 'report rollback' is the Rollback Officer's report on recovery (docs/drills.md).");
        command.Subcommands.Add(ReportRollbackCommand.Create(env));
        return command;
    }
}
