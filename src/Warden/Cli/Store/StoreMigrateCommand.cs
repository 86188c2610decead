using System.CommandLine;
using System.Globalization;
using Warden.Cli.Rollout;
using Warden.Core.Reports;
using Warden.Storage;
using Warden.Storage.Copying;

namespace Warden.Cli.Store;

/// <summary>
/// <c>warden store migrate --from ADDRESS --to ADDRESS [--json]</c>: copies every table of one store
/// into another, empty one in one transaction, then checks the target on its own (row counts, the
/// audit chain to the source's head, every state row vouched for). Exit 0 when the copy matches,
/// 6 when the check finds a difference, 2 when nothing was copied (a non-empty target, a source
/// whose log does not verify, a bad address).
/// </summary>
internal static class StoreMigrateCommand
{
    public static Command Create(CliEnvironment env)
    {
        var from = new Option<string>("--from")
        {
            Description = "The store to copy: sqlite:PATH (a data directory, or its warden.db) or postgres://USER@HOST:PORT/DATABASE. Read only; never changed.",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "The store to copy into, created (schema) if needed and refused unless empty: postgres://USER@HOST:PORT/DATABASE or sqlite:PATH. Passwords: PGPASSWORD, or the file named by " + StoreOptions.PasswordFileVariable + ".",
            Required = true,
        };
        var lockTimeout = StoreOptions.CreateLockTimeout();
        var json = CommonOptions.Json();
        var command = new Command(
            "migrate",
            "Copy everything (audit log, registry, checkpoints, verdicts, telemetry windows, rollouts, leases, tokens) from --from into the empty store --to in one transaction, then check the target: " +
            "row counts per table, the audit chain recomputed from the copied bytes to the source's head, every state row vouched for. Stop the servers on --from first. " +
            "Exit 0 when the copy matches, 6 when the check finds a difference, 2 when nothing was copied.")
        {
            from, to, lockTimeout, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = StoreOptions.Parse(parse.GetValue(from)!, "--from");
            var target = StoreOptions.Parse(parse.GetValue(to)!, "--to");
            if (source == target)
            {
                throw new UserInputException("--from and --to name the same store; give an empty store as --to.");
            }

            var passwordFile = env.Variable(StoreOptions.PasswordFileVariable) is { Length: > 0 } file ? file : null;
            var wait = TimeSpan.FromSeconds(parse.GetValue(lockTimeout));
            await using var reading = await StoreOptions.OpenAsync(source, passwordFile, existing: true, readOnly: true, wait, env, cancellationToken);
            await using var writing = await StoreOptions.OpenAsync(target, passwordFile, existing: false, readOnly: false, wait, env, cancellationToken);
            env.Error.WriteLine($"copying {reading.Location} into {writing.Location}");
            StoreCopyResult result;
            try
            {
                result = await StoreCopy.RunAsync(reading, writing, env.Time, new Progress(env.Error), cancellationToken);
            }
            catch (StoreCopyRefusal refusal)
            {
                throw new UserInputException(refusal.Message);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new
                {
                    From = reading.Location,
                    To = writing.Location,
                    Tables = result.Tables.Select(t => new { Table = t.Table, t.Source, t.Target }).ToList(),
                    Rows = result.Tables.Sum(t => t.Target),
                    SourceHead = result.SourceHead,
                    TargetHead = result.Target.Head,
                    ChainIntact = result.Target.Problem is null,
                    StateRowsChecked = result.Target.StateRows?.Rows,
                    ElapsedSeconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                    result.Problems,
                });
            }
            else
            {
                Write(env.Out, reading.Location, writing.Location, result);
            }

            return result.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    private static void Write(TextWriter output, string from, string to, StoreCopyResult result)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"copied {result.Tables.Sum(t => t.Target):N0} rows in {result.Tables.Count} tables from {from} to {to} in {result.Elapsed.TotalSeconds:0.0} s"));
        RolloutTable.Write(
            output,
            ["TABLE", "SOURCE", "TARGET"],
            [.. result.Tables.Select(t => (IReadOnlyList<string>)[t.Table, t.Source.ToString("N0", CultureInfo.InvariantCulture), t.Target.ToString("N0", CultureInfo.InvariantCulture)])]);
        var head = result.Target.Head is { } h ? $"head {h.Sequence} {h.Hash[..12]}" : "no events";
        var state = result.Target.StateRows is { } rows ? $"; {rows.Rows} state rows vouched for" : string.Empty;
        output.WriteLine(result.Problems.Count == 0
            ? $"OK: the target's audit chain verifies ({result.Target.Events} events, {head}, the source's){state}."
            : $"MISMATCH: {string.Join("; ", result.Problems)}. The target holds the copy; do not point servers at it — drop it and investigate.");
    }

    // One line per finished table, and every 100,000 rows of a long one.
    private sealed class Progress(TextWriter error) : IProgress<StoreCopyProgress>
    {
        public void Report(StoreCopyProgress value)
        {
            if (value.Of > 0 && (value.Rows == value.Of || value.Rows % 100_000 == 0))
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value.Table}: {value.Rows:N0} of {value.Of:N0} rows"));
            }
        }
    }
}
