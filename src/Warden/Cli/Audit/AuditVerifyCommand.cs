using System.CommandLine;
using System.Globalization;
using Warden.Audit;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Storage;

namespace Warden.Cli.Audit;

/// <summary>
/// <c>warden audit verify</c>: recomputes every event's hash and link, compares the last one with
/// the head (and with an external anchor when given), checks every state row against the event
/// that attests it, and exits 6 naming the first broken event or every row the log does not vouch
/// for. An empty log is exit 6 too unless <c>--allow-empty</c>: a wiped log must not read as intact.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A head recorded earlier outside Warden, as evt-N:HASH (what 'audit head' and 'audit verify' print); the event N must still have that hash. Catches a log rewritten from scratch.",
        };
        var allowEmpty = new Option<bool>("--allow-empty")
        {
            Description = "Accept a log with no events (a store that has recorded nothing yet) as intact; without it an empty log exits 6.",
        };
        var json = CommonOptions.Json();
        var command = new Command(
            "verify",
            "Recompute the hash chain over the whole log and check every state row (versions, aliases, verdicts, checkpoints) against the event that attests it: " +
            "exit 0 when intact, 6 naming the first broken event, each row the log does not vouch for, or an empty log. Never creates a store (missing: exit 2).")
        {
            anchor, allowEmpty, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            AuditHead? anchored = null;
            if (parse.GetValue(anchor) is { } text)
            {
                if (!AuditAnchor.TryParse(text, out var parsed))
                {
                    throw new UserInputException($"--anchor '{text}' is not an anchor; give evt-N:HASH with 64 hex digits, as 'warden audit head' prints it.");
                }

                anchored = parsed;
            }

            AuditVerification result;
            string location;
            try
            {
                await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
                location = opened.Location;
                result = await opened.ReadAsync(async (tx, ct) =>
                {
                    using var progress = new AuditProgress(env, (await tx.Audit.HeadAsync(ct))?.Sequence ?? 0);
                    return await AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, anchored, progress, ct);
                }, cancellationToken);
            }
            catch (StoreException ex) when (ex.Failure == StoreFailure.Empty)
            {
                // A wiped file is a verification result, not bad input: the log that was there is gone.
                return Wiped(env, parse.GetValue(json), StoreErrorText.Describe(ex));
            }

            var empty = result.Events == 0 && result.Head is null && !parse.GetValue(allowEmpty);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, AuditJson.Verification(location, result, anchored, empty));
            }
            else
            {
                Write(env.Out, location, result, anchored, empty);
            }

            return result.Intact && !empty ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static int Wiped(CliEnvironment env, bool json, string message)
    {
        if (json)
        {
            JsonOutput.Write(env.Out, new { Intact = false, Empty = true, Problem = message });
        }
        else
        {
            env.Out.WriteLine($"EMPTY: {message}");
        }

        return ExitCodes.VerificationFailed;
    }

    private static void Write(TextWriter output, string database, AuditVerification result, AuditHead? anchor, bool empty)
    {
        var rows = result.StateRows is { } checkedRows ? string.Create(CultureInfo.InvariantCulture, $", {checkedRows.Rows:N0} state row(s)") : string.Empty;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database}: {result.Events:N0} event(s){rows} checked."));
        output.WriteLine(result.Head is { } head ? $"head: {AuditAnchor.Format(head)}" : "head: none (empty log)");
        if (anchor is not null)
        {
            output.WriteLine($"anchor: {AuditAnchor.Format(anchor)}");
        }

        if (result.Problem is not null)
        {
            output.WriteLine($"BROKEN at {AuditIds.Format(result.BrokenAt!.Value)}: {result.Problem}");
            output.WriteLine("Events before it verify; state rows were not checked (the events that attest them cannot be trusted). Keep this database file for inspection; restore the log from a backup and compare.");
            return;
        }

        var problems = result.StateRows?.Problems ?? [];
        foreach (var problem in problems)
        {
            output.WriteLine($"BROKEN row {problem}");
        }

        if (problems.Count > 0)
        {
            output.WriteLine($"{problems.Count} state row(s) not vouched for by the audit log; the chain itself is intact. Decisions that rely on these rows refuse them. Keep this database file for inspection and restore the rows from a backup.");
            return;
        }

        if (empty)
        {
            output.WriteLine("EMPTY: the log has no events. If this store has recorded nothing yet, pass --allow-empty; otherwise the log was wiped: restore it from a backup.");
            return;
        }

        output.WriteLine(result.Head is null
            ? "intact: the log is empty (--allow-empty)."
            : "intact: every event hashes to its recorded hash and links to the one before; the head matches the last event; every state row matches the event that attests it." +
              (anchor is null ? " Record the head above outside Warden (ticket, commit) and pass it to --anchor next time: only an external anchor catches a log rewritten from scratch." : " The anchored event matches."));
    }
}
