using System.CommandLine;
using System.Globalization;
using Warden.Audit;
using Warden.Cli.Output;
using Warden.Core.Reports;

namespace Warden.Cli.Audit;

/// <summary>
/// <c>warden audit verify</c>: recomputes every event's hash and link, compares the last one with
/// the head (and with an external anchor when given), and exits 6 naming the first broken event.
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
        var json = CommonOptions.Json();
        var command = new Command("verify", "Recompute the hash chain over the whole log: exit 0 when intact, 6 naming the first broken event.")
        {
            anchor, json,
        };
        store.AddTo(command);
        command.SetAction(parse =>
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

            using var opened = store.Open(parse, env);
            var result = opened.Read(tx =>
            {
                using var progress = new AuditProgress(env, tx.Audit.Head()?.Sequence ?? 0);
                return AuditChainVerifier.Verify(tx.Audit, anchored, progress);
            });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, AuditJson.Verification(opened.Location, result, anchored));
            }
            else
            {
                Write(env.Out, opened.Location, result, anchored);
            }

            return result.Intact ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static void Write(TextWriter output, string database, AuditVerification result, AuditHead? anchor)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database}: {result.Events:N0} event(s) checked."));
        output.WriteLine(result.Head is { } head ? $"head: {AuditAnchor.Format(head)}" : "head: none (empty log)");
        if (anchor is not null)
        {
            output.WriteLine($"anchor: {AuditAnchor.Format(anchor)}");
        }

        if (result.Intact)
        {
            output.WriteLine(result.Head is null
                ? "intact: the log is empty."
                : "intact: every event hashes to its recorded hash and links to the one before; the head matches the last event." +
                  (anchor is null ? " Record the head above outside Warden (ticket, commit) and pass it to --anchor next time: only an external anchor catches a log rewritten from scratch." : " The anchored event matches."));
            return;
        }

        output.WriteLine($"BROKEN at {AuditIds.Format(result.BrokenAt!.Value)}: {result.Problem}");
        output.WriteLine("Events before it verify. Keep this database file for inspection; restore the log from a backup and compare.");
    }
}
