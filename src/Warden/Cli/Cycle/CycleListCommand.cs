using System.CommandLine;
using System.Globalization;
using Warden.Cli.Rollout;
using Warden.Core.Cycle;
using Warden.Core.Reports;
using Warden.Cycle;

namespace Warden.Cli.Cycle;

/// <summary><c>warden cycle list [--limit N]</c>: the most recent cycles, oldest first, each with its phases' results.</summary>
internal static class CycleListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var limit = new Option<int>("--limit") { Description = "How many of the most recent cycles (1 to 10000).", DefaultValueFactory = _ => 20 };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List the most recent heartbeat cycles, oldest first: when, why, how long, and each phase's status (ok, partial, failed, skipped).")
        {
            limit, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count is < 1 or > 10_000)
            {
                throw new UserInputException($"--limit {count}: give a number from 1 to 10000.");
            }

            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var cycles = await opened.ReadAsync((tx, ct) => CycleRecords.ListAsync(tx, count, ct), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Cycles = cycles.Select(Json).ToList() });
                return ExitCodes.Success;
            }

            if (cycles.Count == 0)
            {
                env.Out.WriteLine("no heartbeat cycle has run on this store yet; 'warden serve' runs one every cycle.interval, or run one with 'warden cycle run --once'.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["CYCLE", "TRIGGER", "BY", "STARTED", "SECONDS", "STATUS", "PHASES"],
                [.. cycles.Select(c => (IReadOnlyList<string>)
                [
                    c.Begin.Cycle,
                    c.Begin.Trigger,
                    c.Begin.Holder,
                    c.Begin.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    c.Record is { } r ? (r.EndedAt - r.StartedAt).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                    c.Record is { } s ? CycleReport.Label(s.Status) : "no end recorded",
                    c.Record is { } p ? Phases(p) : "-",
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }

    // "7 ok" or "5 ok, ACT failed, DECISION_SYNTHESIS partial".
    private static string Phases(CycleRecord record)
    {
        var ok = record.Phases.Count(p => p.Status is CyclePhaseStatus.Ok or CyclePhaseStatus.Skipped);
        var other = record.Phases.Where(p => p.Status is CyclePhaseStatus.Failed or CyclePhaseStatus.Partial).Select(p => $"{p.Phase} {CycleReport.Label(p.Status)}");
        return string.Join(", ", [$"{ok} ok", .. other]);
    }

    private static object Json(CycleSummary c) => new
    {
        c.Begin.Cycle,
        c.Begin.Trigger,
        c.Begin.Holder,
        c.Begin.Request,
        c.Begin.StartedAt,
        EndedAt = c.Record?.EndedAt,
        Status = c.Record is { } r ? CycleReport.Label(r.Status) : null,
        Phases = c.Record?.Phases.Select(p => new { p.Phase, Status = CycleReport.Label(p.Status), p.Summary }).ToList(),
        Folder = c.Record?.Folder,
        BeginEvent = c.BeginEvent.Id,
        EndEvent = c.EndEvent?.Id,
    };
}
