using System.CommandLine;
using Warden.Audit;
using Warden.Cli.Output;
using Warden.Core.Reports;

namespace Warden.Cli.Audit;

/// <summary><c>warden audit head</c>: the last event's id and full hash, to anchor outside Warden.</summary>
internal static class AuditHeadCommand
{
    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var json = CommonOptions.Json();
        var command = new Command("head", "Print the head (last event id and full hash) without verifying; anchor it outside Warden and pass it to 'audit verify --anchor' later.")
        {
            json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var head = await opened.ReadAsync((tx, ct) => tx.Audit.HeadAsync(ct), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Database = opened.Location, Head = AuditJson.Head(head) });
            }
            else if (head is null)
            {
                env.Out.WriteLine("The audit log is empty.");
            }
            else
            {
                env.Out.WriteLine(AuditAnchor.Format(head));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
