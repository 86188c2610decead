using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Reports;
using Warden.Registry;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout start SERVICE VERSION</c>: stores a new rollout in shadow on the version's recorded verdict.</summary>
internal static class RolloutStartCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Argument<string>("service") { Description = "Service (the registry model of the same name)." };
        var version = new Argument<string>("version") { Description = "Registered version to roll out." };
        var deployment = new Option<string?>("--deployment") { Description = "Deployment id whose recorded verdict the rollout rests on, when several are recorded; default the latest." };
        var config = RolloutConfigFile.Option("rollout: section gives the plan (the service's own, else the default) and policy.verdict_max_age_days the verdict's maximum age");
        var evidence = new Option<string?>("--evidence")
        {
            Description = "The candidate's offline evidence bundle (evidence.yaml) the live verdict at the end of the shadow reuses; default the plan's rollout evidence: key.",
        };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "start",
            "Start a rollout in shadow on VERSION's recorded verdict against production (the known-good version), recorded within policy.verdict_max_age_days: " +
            "GO allows the whole plan, SHADOW ONLY the shadow phase only; PAUSE_AND_FIX, REJECT, no verdict or a rollout already running refuse (exit 2). " +
            RolloutHumanCommand.TrafficNote)
        {
            service, version, deployment, evidence, config, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(service)!;
            var file = RolloutConfigFile.Load(parse.GetValue(config), env, "nothing was started");
            var request = new RolloutStart
            {
                Service = name,
                Candidate = parse.GetValue(version)!,
                DeploymentId = parse.GetValue(deployment),
                Plan = parse.GetValue(evidence) is { } bundle ? file.Rollouts.PlanFor(name) with { EvidencePath = EvidencePath(bundle) } : file.Rollouts.PlanFor(name),
                Actor = store.ActorOf(parse),
                VerdictMaxAge = file.Policy.VerdictMaxAge,
            };
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
            StoredRollout rollout;
            try
            {
                rollout = await RolloutOperations.StartAsync(opened, request, cancellationToken);
            }
            catch (RegistryRefusal refusal)
            {
                // The registry's own wording offers --override, which a rollout does not have.
                throw RolloutWording.ForStart(refusal);
            }

            var state = rollout.State;
            var verdict = state.ShadowOnly ? "SHADOW ONLY" : "GO";
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new StartJson(
                    rollout.Id, state.Service, state.Candidate, state.KnownGood, state.DeploymentId, verdict, state.ShadowOnly,
                    RolloutTransitions.Name(state.Phase), state.Generation, rollout.StartedBy, RolloutJson.Time(rollout.StartedAt),
                    RolloutPlanJson.Node(RolloutPlanJson.Read(rollout.PlanJson))));
                return ExitCodes.Success;
            }

            var allows = state.ShadowOnly ? "SHADOW ONLY: shadow phase only, a human promotes it" : "GO: the whole plan";
            env.Out.WriteLine(TerminalText.Visible(
                $"rollout {rollout.Id} started: {state.Service} {state.Candidate} in shadow, known-good {state.KnownGood}, verdict of {state.DeploymentId} {allows}; " +
                "'warden serve' moves the traffic within its interval."));
            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record StartJson(
        long Rollout,
        string Service,
        string Candidate,
        string KnownGood,
        string DeploymentId,
        string Verdict,
        bool ShadowOnly,
        string Phase,
        long Generation,
        string StartedBy,
        string StartedAt,
        System.Text.Json.Nodes.JsonObject Plan);

    // An --evidence path must name a readable file now, not at the end of the shadow phase.
    private static string EvidencePath(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full)
            ? full
            : throw new UserInputException($"--evidence {path}: no such file ({full}); give the candidate's evidence.yaml, the bundle its verdict was judged on.");
    }
}
