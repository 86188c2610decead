using System.CommandLine;
using Warden.Cli.Registry;
using Warden.Cli.Rollout;
using Warden.Core.Reports;
using Warden.Registry;

namespace Warden.Cli.Verdict;

/// <summary><c>warden verdict list MODEL [--json]</c>: every verdict recorded for a model, oldest first.</summary>
internal static class VerdictListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var model = new Argument<string>("model") { Description = "Model name in the registry." };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command("list", "List the verdicts recorded for a model (verdict --record), oldest first: deployment, candidate, baseline, outcome, report sha256, when and by whom.")
        {
            model, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(model)!;
            RegistryNames.CheckName(name, "model");
            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var records = await opened.ReadAsync((tx, ct) => tx.Verdicts.ForModelAsync(name, ct), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Model = name, Verdicts = records.Select(VerdictShowCommand.RecordJson.Of).ToList() });
                return ExitCodes.Success;
            }

            if (records.Count == 0)
            {
                env.Out.WriteLine($"no verdict recorded for {name}; record one with 'warden verdict --evidence evidence.yaml --record --model {name}'.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["DEPLOYMENT", "CANDIDATE", "BASELINE", "OUTCOME", "REPORT", "RECORDED", "BY"],
                [.. records.Select(r => (IReadOnlyList<string>)
                [
                    r.DeploymentId, r.CandidateVersion, r.BaselineVersion, r.Outcome, r.ReportSha256[..12], CliText.Time(r.RecordedAt), r.Actor,
                ])]);
            return ExitCodes.Success;
        });
        return command;
    }
}
