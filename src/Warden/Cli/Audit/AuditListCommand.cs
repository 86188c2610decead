using System.CommandLine;
using Warden.Audit;
using Warden.Cli.Output;
using Warden.Core.Reports;

namespace Warden.Cli.Audit;

/// <summary><c>warden audit list</c>: the most recent events, filtered, oldest first.</summary>
internal static class AuditListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var since = new Option<string?>("--since")
        {
            Description = $"Only events at or after this time: {AuditTime.Forms}.",
        };
        var subject = new Option<string?>("--subject")
        {
            Description = "Only events about this subject, or under it: model:ranker matches model:ranker, model:ranker@v2 and model:ranker/production.",
        };
        var action = new Option<string?>("--action")
        {
            Description = "Only events of this action, e.g. registry.promote or note (docs/audit.md lists them).",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Show at most this many events: the most recent ones, oldest first.",
            DefaultValueFactory = _ => 100,
        };
        CommonOptions.Check(limit, value => value is < 1 or > 1_000_000 ? $"--limit must be between 1 and 1000000; got {value}." : null);
        var json = CommonOptions.Json();
        var command = new Command("list", "List audit events (most recent --limit, oldest first), filtered by time, subject and action.")
        {
            since, subject, action, limit, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new AuditQuery
            {
                Since = parse.GetValue(since) is { } text ? AuditTime.Parse(text, env.Time.GetUtcNow(), "--since") : null,
                Subject = Blank(parse.GetValue(subject)),
                Action = Blank(parse.GetValue(action)),
                Limit = parse.GetValue(limit),
            };
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var (events, head) = await opened.ReadAsync(async (tx, ct) => (await tx.Audit.ListAsync(query, ct), await tx.Audit.HeadAsync(ct)), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, AuditJson.List(events, head));
            }
            else
            {
                AuditTable.Write(env, events, head);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
