using System.CommandLine;

namespace Warden.Cli.Rollback;

/// <summary>
/// <c>warden rollback</c>: reads the carried-out rollbacks in the store. A noun of its own rather
/// than a <c>report</c> subcommand: <c>report</c> writes report files, these only read the record
/// (as <c>drill list</c> and <c>cycle list</c> do). Rolling back is <c>warden rollout abort</c>.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("rollback", "Read the rollbacks in the store: 'rollback list' is the rollback log with RTOs, 'rollback officer' the Rollback Officer's latest verdict. To roll back now, use 'warden rollout abort'.");
        command.Subcommands.Add(RollbackListCommand.Create(env));
        command.Subcommands.Add(RollbackOfficerCommand.Create(env));
        return command;
    }
}
