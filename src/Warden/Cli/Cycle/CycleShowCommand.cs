using System.CommandLine;
using Warden.Core.Cycle;
using Warden.Cycle;

namespace Warden.Cli.Cycle;

/// <summary><c>warden cycle show ID</c>: one cycle, phase by phase, with every finding, problem and report.</summary>
internal static class CycleShowCommand
{
    public static Command Create(CliEnvironment env)
    {
        var id = new Argument<string>("ID") { Description = "The cycle's id (cy-…), as 'warden cycle list' prints it." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("show", "Show one heartbeat cycle: each phase's status, time, findings (check, status, the numbers), problems and the reports it wrote.")
        {
            id, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cycleId = parse.GetValue(id)!;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var detail = await opened.ReadAsync((tx, ct) => CycleRecords.ShowAsync(tx, cycleId, ct), cancellationToken);
            if (detail is null)
            {
                var recent = await opened.ReadAsync((tx, ct) => CycleRecords.ListAsync(tx, 3, ct), cancellationToken);
                var hint = recent.Count == 0 ? "no cycle has run on this store yet" : $"the most recent: {string.Join(", ", recent.Select(c => c.Begin.Cycle).Reverse())}";
                throw new UserInputException($"no cycle '{cycleId}' on this store ({hint}); see 'warden cycle list'.", notFound: true);
            }

            var record = detail.Record ?? new CycleRecord
            {
                Id = detail.Begin.Cycle,
                Trigger = detail.Begin.Trigger,
                Holder = detail.Begin.Holder,
                StartedAt = detail.Begin.StartedAt,
                EndedAt = detail.Phases.Count > 0 ? detail.Phases[^1].Phase.EndedAt : detail.Begin.StartedAt,
                Status = CycleRecord.StatusOf(detail.Phases.Select(p => p.Phase)),
                Phases = [.. detail.Phases.Select(p => p.Phase)],
            };
            if (parse.GetValue(json))
            {
                env.Out.WriteLine(CycleReport.Json(record));
                return ExitCodes.Success;
            }

            env.Out.Write(CycleReport.Markdown(record));
            if (detail.Record is null)
            {
                env.Out.WriteLine();
                env.Out.WriteLine($"(no end recorded: the cycle is still running, or its server stopped during it; {detail.Phases.Count} of {CyclePhases.All.Count} phases recorded)");
            }

            if (detail.UnreadablePhases > 0)
            {
                env.Out.WriteLine($"({detail.UnreadablePhases} phase event(s) could not be read; 'warden audit list --subject cycle:{cycleId}' shows them raw)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
