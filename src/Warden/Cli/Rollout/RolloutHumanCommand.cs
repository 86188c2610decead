using System.CommandLine;
using Warden.Audit;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary>
/// What <c>pause</c>, <c>resume</c>, <c>promote</c>, <c>abort</c> and <c>approve</c> share: the
/// command is judged on the service's unfinished rollout as stored, stored by compare-and-set with
/// its audit event, and its reason and the new position printed. Refused (does not apply in this
/// phase, no rollout running, the promotion gate says no): exit 2, nothing stored.
/// </summary>
internal static class RolloutHumanCommand
{
    /// <summary>Said by every command's help: what it does not do.</summary>
    public const string TrafficNote = "Stores the transition and its audit event; 'warden serve' moves the traffic within its interval.";

    /// <summary>A command named <paramref name="name"/> that gives the rollout <paramref name="which"/>'s command.</summary>
    public static Command Create(CliEnvironment env, string name, string description, Func<ParseResult, RolloutCommand> which, params Option[] extra)
    {
        var service = new Argument<string>("service") { Description = "Service whose unfinished rollout it applies to." };
        var config = RolloutConfigFile.Option("policy.verdict_max_age_days limits the age of the GO verdict a promotion rests on");
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(name, $"{description} {TrafficNote}") { service };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.Options.Add(config);
        command.Options.Add(json);
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(service)!;
            var given = which(parse);
            var typed = RolloutMachine.CommandText(given);
            var policy = RolloutConfigFile.Load(parse.GetValue(config), env, "nothing was stored").Policy;
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            RolloutOutcome outcome;
            try
            {
                outcome = await RolloutOperations.CommandAsync(opened, target, given, store.ActorOf(parse), policy.VerdictMaxAge, cancellationToken);
            }
            catch (RegistryRefusal refusal)
            {
                throw RolloutWording.ForPromotion(refusal, target, typed);
            }

            var rollout = outcome.Rollout;
            if (!outcome.Stored || outcome.AuditSequence is not { } sequence)
            {
                // The controller kept moving the rollout between the read and the write (every retry lost the compare-and-set).
                throw new RolloutRefusal(
                    $"cannot {typed} rollout {rollout.Id} of {target}: 'warden serve' moved it while the command was stored ({outcome.Write}); nothing was stored. " +
                    $"See where it is now with 'warden rollout status {target}' and run the command again.");
            }

            var state = rollout.State;
            var plan = RolloutPlanJson.Read(rollout.PlanJson);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new CommandJson(
                    typed, rollout.Id, $"command:{typed}", outcome.Transition.Reason, AuditIds.Format(sequence), RolloutJson.SummaryJson.Of(rollout)));
                return ExitCodes.Success;
            }

            env.Out.WriteLine(TerminalText.Visible(
                $"rollout {rollout.Id} of {state.Service} {state.Candidate}: {outcome.Transition.Reason}. Now {RolloutText.Where(state, plan)} ({AuditIds.Format(sequence)}); " +
                "'warden serve' moves the traffic within its interval."));
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record CommandJson(string Command, long Rollout, string Input, string Reason, string AuditEvent, RolloutJson.SummaryJson State);
}
