using System.CommandLine;

namespace Warden.Cli.Audit;

/// <summary><c>warden audit …</c>: read, verify and annotate the hash-chained audit log (docs/audit.md).</summary>
internal static class AuditCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command(
            "audit",
            "The tamper-evident audit log: list events, verify the hash chain (exit 6 when broken), show the head, record an operator note.");
        command.Subcommands.Add(AuditListCommand.Create(env));
        command.Subcommands.Add(AuditVerifyCommand.Create(env));
        command.Subcommands.Add(AuditHeadCommand.Create(env));
        command.Subcommands.Add(AuditAppendCommand.Create(env));
        return command;
    }
}
