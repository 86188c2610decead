using System.CommandLine;
using System.Globalization;
using Warden.Core.Reports;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout list [SERVICE] [--all]</c>: rollouts, newest first.</summary>
internal static class RolloutListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Argument<string?>("service") { Description = "Only this service's rollouts.", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Finished rollouts too (promoted and baked, or rolled back)." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List unfinished rollouts (--all: every rollout), newest first.")
        {
            service, all, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(service);
            if (name is not null)
            {
                RegistryNames.CheckName(name, "service");
            }

            var everything = parse.GetValue(all);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var rollouts = await opened.ReadAsync((tx, ct) => tx.Rollouts.ListAsync(name, activeOnly: !everything, int.MaxValue, ct), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new ListJson(!everything, [.. rollouts.Select(RolloutJson.SummaryJson.Of)]));
                return ExitCodes.Success;
            }

            if (rollouts.Count == 0)
            {
                var which = everything ? "no rollouts" : "no unfinished rollouts";
                env.Out.WriteLine(name is null ? $"{which}." : $"{name}: {which}.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["ID", "SERVICE", "CANDIDATE", "KNOWN-GOOD", "WHERE", "UPDATED"],
                [.. rollouts.Select(r => (IReadOnlyList<string>)
                [
                    r.Id.ToString(CultureInfo.InvariantCulture), r.State.Service, r.State.Candidate, r.State.KnownGood,
                    RolloutText.Where(r.State, RolloutPlanJson.Read(r.PlanJson)), RolloutJson.Time(r.UpdatedAt),
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record ListJson(bool UnfinishedOnly, IReadOnlyList<RolloutJson.SummaryJson> Rollouts);
}
