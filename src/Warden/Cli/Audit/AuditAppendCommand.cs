using System.CommandLine;
using System.Globalization;
using Warden.Audit;

namespace Warden.Cli.Audit;

/// <summary>
/// <c>warden audit append</c>: an operator's note in the log (what was done by hand, an incident, a
/// decision taken outside Warden). Each note is its own durable transaction; its id and hash are
/// printed only after the commit, so a printed id is on disk.
/// </summary>
internal static class AuditAppendCommand
{
    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var subject = new Option<string?>("--subject")
        {
            Description = "What the note is about, e.g. service:search or model:ranker@v2 (required unless --from is given).",
        };
        var action = new Option<string?>("--action")
        {
            Description = "note (default) or note.KIND, e.g. note.incident; Warden's own actions cannot be appended by hand.",
        };
        var payload = new Option<string?>("--payload")
        {
            Description = "Details as one JSON object, e.g. '{\"text\":\"restarted the gateway\",\"ticket\":\"OPS-12\"}' (default {}).",
        };
        var deployment = new Option<string?>("--deployment")
        {
            Description = "Deployment id the note belongs to.",
        };
        var evidence = new Option<string[]>("--evidence")
        {
            Description = "Evidence id the note rests on (repeat for several).",
            AllowMultipleArgumentsPerToken = false,
        };
        var from = new Option<string?>("--from")
        {
            Description = "Append one note per line of this file ('-' for standard input), each a JSON object with subject, action, payload, deployment_id, evidence_ids; each line is committed and acknowledged before the next is read.",
        };
        var command = new Command("append", "Record an operator's note in the audit log and print its id and hash once it is on disk.")
        {
            subject, action, payload, deployment, evidence, from,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var actor = store.ActorOf(parse);
            if (parse.GetValue(from) is { } path)
            {
                if (parse.GetValue(subject) is not null || parse.GetValue(payload) is not null || parse.GetValue(action) is not null
                    || parse.GetValue(deployment) is not null || (parse.GetValue(evidence)?.Length ?? 0) > 0)
                {
                    throw new UserInputException("--from takes every field from its lines; drop --subject, --action, --payload, --deployment and --evidence.");
                }

                return await FromLinesAsync(env, store, parse, actor, path, cancellationToken);
            }

            var draft = AuditNote.Create(actor, parse.GetValue(action), parse.GetValue(subject), parse.GetValue(payload), parse.GetValue(deployment), parse.GetValue(evidence) ?? [], string.Empty);
            await using var opened = await store.OpenAsync(parse, env, cancellationToken);
            Acknowledge(env, await opened.WriteAsync((tx, ct) => tx.Audit.AppendAsync(draft, ct), cancellationToken));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> FromLinesAsync(CliEnvironment env, StoreOptions store, ParseResult parse, string actor, string path, CancellationToken cancellationToken)
    {
        using var input = path == "-" ? null : InputFile.Open(path, "notes file");
        using var reader = input is null ? Console.In : new StreamReader(input);
        var name = path == "-" ? "stdin" : path;
        await using var opened = await store.OpenAsync(parse, env, cancellationToken);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var draft = AuditNote.FromLine(actor, line, string.Create(CultureInfo.InvariantCulture, $"{name}:{number}: "));
            Acknowledge(env, await opened.WriteAsync((tx, ct) => tx.Audit.AppendAsync(draft, ct), cancellationToken));
        }

        return ExitCodes.Success;
    }

    private static void Acknowledge(CliEnvironment env, AuditEvent appended)
    {
        env.Out.WriteLine($"{appended.Id} {appended.Hash}");
        env.Out.Flush();
    }
}
