using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout history SERVICE [--id N]</c>: every transition of a rollout.</summary>
internal static class RolloutHistoryCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Argument<string>("service") { Description = "Service." };
        var id = new Option<long?>("--id") { Description = "This rollout of the service (ids in 'warden rollout list SERVICE --all'); default the latest." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "history",
            "Every transition of the service's latest rollout (or --id N): time, actor, input, from → to, reason.")
        {
            service, id, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(service)!;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var (rollout, events) = await opened.ReadAsync(async (tx, ct) =>
            {
                var found = await RolloutLookup.FindAsync(tx, name, parse.GetValue(id), ct);
                return (found, await tx.Rollouts.EventsAsync(found.Id, ct));
            }, cancellationToken);
            var rows = RolloutJson.EventJson.All(events);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new HistoryJson(RolloutJson.SummaryJson.Of(rollout), rows));
                return ExitCodes.Success;
            }

            var state = rollout.State;
            env.Out.WriteLine(TerminalText.Visible(
                $"rollout {rollout.Id} of {state.Service} {state.Candidate} (known-good {state.KnownGood}, deployment {state.DeploymentId}): {RolloutText.Where(state, RolloutPlanJson.Read(rollout.PlanJson))}"));
            RolloutTable.Write(
                env.Out,
                ["TIME", "ACTOR", "INPUT", "FROM → TO", "REASON"],
                [.. rows.Select(r => (IReadOnlyList<string>)[r.Time, r.Actor, r.Input, $"{r.From ?? "-"} → {r.To}", r.Reason])]);
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record HistoryJson(RolloutJson.SummaryJson Rollout, IReadOnlyList<RolloutJson.EventJson> Events);
}
