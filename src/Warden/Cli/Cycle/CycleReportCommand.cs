using System.CommandLine;
using Warden.Cycle;

namespace Warden.Cli.Cycle;

/// <summary>
/// <c>warden cycle report ID NAME</c>: prints one of a cycle's report files (innovation_report.md|json,
/// cycle_report.md|json) from the folder its end event records, checked against the sha256 recorded
/// there: exit 6 when the file no longer has it. Cycles recorded before the hashes were kept print unchecked, with a note.
/// </summary>
internal static class CycleReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The cycle's id (cy-…), as 'warden cycle list' prints it." };
        var name = new Argument<string>("NAME") { Description = $"The report: {string.Join(", ", CycleReportFiles.Names)}." };
        var store = new StoreOptions();
        var command = new Command(
            "report",
            "Print one of a cycle's reports (innovation_report.md, innovation_report.json, cycle_report.md, cycle_report.json) as the cycle wrote it, checked against the sha256 its end event records. Exit 0; 2 for bad input or an unknown cycle or report; 6 when the file no longer has the recorded sha256.")
        {
            id, name,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cycleId = parse.GetValue(id)!;
            var file = parse.GetValue(name)!;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var detail = await opened.ReadAsync((tx, ct) => CycleRecords.ShowAsync(tx, cycleId, ct), cancellationToken)
                ?? throw new UserInputException($"no cycle '{cycleId}' on this store; see 'warden cycle list'.", notFound: true);
            if (detail.Record is not { } record)
            {
                throw new UserInputException($"cycle {cycleId} has no end recorded (still running, or its server stopped during it): its reports are written at its end; see 'warden cycle show {cycleId}'.", notFound: true);
            }

            var present = CycleReportFiles.Present(record);
            if (!present.Contains(file, StringComparer.Ordinal))
            {
                var has = present.Count == 0
                    ? record.Folder is null ? "it wrote none (its server has no reports directory)" : $"none of its reports is left in {record.Folder}"
                    : $"it has {string.Join(", ", present)}";
                var what = CycleReportFiles.Names.Contains(file, StringComparer.Ordinal) ? $"cycle {cycleId} has no {file}" : $"'{file}' is not a cycle report";
                throw new UserInputException($"{what}; {has}.", notFound: true);
            }

            var path = Path.Combine(record.Folder!, file);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            if (record.ReportSha256.TryGetValue(file, out var recorded))
            {
                var actual = CycleReportFiles.Sha256(bytes);
                if (actual != recorded)
                {
                    env.Error.WriteLine($"error: {path}: sha256 {actual} differs from the {recorded} cycle {cycleId} recorded; the report cannot be vouched for.");
                    return ExitCodes.VerificationFailed;
                }
            }
            else
            {
                env.Error.WriteLine($"note: cycle {cycleId} recorded no sha256 for {file} (written before reports were hashed): printed unchecked.");
            }

            env.Out.Write(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitCodes.Success;
        });
        return command;
    }
}
