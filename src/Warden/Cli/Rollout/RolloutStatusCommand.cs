using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warden.Core.Reports;
using Warden.Evidence.Prometheus;
using Warden.Rollouts;

namespace Warden.Cli.Rollout;

/// <summary><c>warden rollout status SERVICE [--watch]</c>: where the service's latest rollout is, and the measurements behind every decision.</summary>
internal static class RolloutStatusCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Argument<string>("service") { Description = "Service." };
        var watch = new Option<bool>("--watch") { Description = "Print it again every second until the rollout is finished (promoted and baked, or rolled back) or Ctrl-C; with --json one compact JSON object per line." };
        var config = RolloutConfigFile.Option("policy: section holds the targets the current canary step is judged on and whose evidence: section says where its measurements come from (as 'warden serve' judges it)");
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "status",
            "Show the service's latest rollout: where it is and why, who started it, the plan with the current step marked, the live shadow verdict and " +
            "every step analysis stored, the current canary window judged now (values with intervals, targets, statuses), and the route it calls for.")
        {
            service, watch, config, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(service)!;
            var file = RolloutConfigFile.Load(parse.GetValue(config), env, "nothing was shown");
            var policy = file.Policy;
            using var http = new HttpClient();
            var evidence = PrometheusEvidence.Steps(file.Evidence, http, env.Time);
            var asJson = parse.GetValue(json);
            var watching = parse.GetValue(watch);
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            for (var first = true; ; first = false)
            {
                var view = await RolloutStatusView.ReadAsync(opened, name, policy, evidence, cancellationToken);
                if (asJson)
                {
                    var document = Json(view);
                    env.Out.WriteLine(watching ? JsonSerializer.Serialize(document, JsonOutput.Compact) : JsonSerializer.Serialize(document, JsonOutput.Options));
                }
                else
                {
                    if (watching && !first)
                    {
                        env.Out.WriteLine();
                    }

                    RolloutStatusText.Write(env.Out, view);
                }

                env.Out.Flush();
                if (!watching || view.Rollout.State.IsFinished)
                {
                    return ExitCodes.Success;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), env.Time, cancellationToken);
            }
        });
        return command;
    }

    internal static StatusJson Json(RolloutStatusView view)
    {
        var plan = view.Plan;
        var state = view.Rollout.State;
        return new StatusJson(
            RolloutJson.SummaryJson.Of(view.Rollout),
            RolloutPlanJson.Node(plan),
            [.. view.Stages.Select(s => new StageJson(s.Name, s.Mark))],
            RolloutStages.Draw(view.Stages),
            RolloutJson.RouteJson.Of(view.Route),
            [.. view.Events.Where(e => e.Input == "verdict").Select(e => new DecisionJson(
                RolloutJson.Time(e.Time), e.Actor, e.Generation, null, null, RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter), e.Reason, RolloutJson.Detail(e.DetailJson)))],
            [.. view.Events.Where(e => e.Input == "analysis").Select(e => new DecisionJson(
                RolloutJson.Time(e.Time), e.Actor, e.Generation, e.StepBefore + 1, Weight(plan, e.StepBefore), RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter), e.Reason, RolloutJson.Detail(e.DetailJson)))],
            view.Live is { } live
                ? new LiveJson(RolloutJson.Time(view.At), state.Step + 1, Weight(plan, state.Step), (view.At - state.PhaseStartedAt).TotalSeconds, StepAnalysisJson.Of(live))
                : null,
            [.. view.Events.Where(e => e.Input == "guard").Select(e => new DecisionJson(
                RolloutJson.Time(e.Time), e.Actor, e.Generation, null, null, RolloutJson.Position(e.PhaseAfter, e.StepAfter, e.PausedAfter), e.Reason, RolloutJson.Detail(e.DetailJson)))],
            view.Guard is { } note && !state.IsFinished
                ? new GuardJson(note.Status == "unavailable" ? "INCONCLUSIVE" : "GUARDING", RolloutJson.Time(note.Time), note.Source, note.Reason, note.EvidenceIds)
                : null);
    }

    private static decimal? Weight(Core.Rollouts.RolloutPlan plan, int step) =>
        step >= 0 && step < plan.Steps.Count ? plan.Steps[step].WeightPercent : null;

    internal sealed record StatusJson(
        RolloutJson.SummaryJson Rollout,
        JsonObject Plan,
        IReadOnlyList<StageJson> Stages,
        string PlanDrawn,
        RolloutJson.RouteJson Route,
        IReadOnlyList<DecisionJson> Verdicts,
        IReadOnlyList<DecisionJson> Analyses,
        LiveJson? LiveAnalysis,
        IReadOnlyList<DecisionJson> GuardRollbacks,
        GuardJson? Guard);

    /// <summary>The live guard's latest word on its evidence: INCONCLUSIVE while it cannot read it (the reason), GUARDING once it can again.</summary>
    internal sealed record GuardJson(string Status, string Since, string Source, string? Reason, IReadOnlyList<string> Evidence);

    internal sealed record StageJson(string Name, string Mark);

    internal sealed record DecisionJson(string Time, string Actor, long Generation, int? Step, decimal? WeightPercent, string To, string Reason, JsonNode? Detail);

    internal sealed record LiveJson(string At, int Step, decimal? WeightPercent, double ElapsedSeconds, StepAnalysisJson Analysis);
}
