using System.CommandLine;
using Warden.Core.Bundle;
using Warden.Core.Configuration;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using Warden.Evidence;
using Warden.Registry;
using Warden.Storage;

namespace Warden.Cli.Verdict;

/// <summary>
/// <c>warden verdict --evidence evidence.yaml</c>: judges the candidate against production with
/// the six reviewers and the quorum, writes deployment_verdict.md and .json, and exits with the
/// verdict's code so a pipeline can gate on it.
/// </summary>
internal static class VerdictCommand
{
    public const string MarkdownFile = "deployment_verdict.md";
    public const string JsonFile = "deployment_verdict.json";

    public static Command Create(CliEnvironment env)
    {
        var evidence = new Option<string>("--evidence")
        {
            Description = "Evidence bundle (evidence.yaml); the files it names are read relative to its folder. See docs/policy.md.",
            Required = true,
        };
        var policy = new Option<string?>("--policy")
        {
            Description = "warden.yaml with a policy: section; without it the documented defaults apply (docs/policy.md).",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Folder for deployment_verdict.md and deployment_verdict.json (created if missing). Default: the current folder; " +
                "with --record, DATA_DIR/reports/DEPLOYMENT_ID/SHA12/ (SHA12: the first 12 hex digits of the JSON report's sha256, as recorded), so each recorded report is kept beside the store.",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Also print the JSON report on standard output (the summary goes to standard error).",
        };
        var record = new Option<bool>("--record")
        {
            Description = "Record the verdict in Warden's store (deployment id, model, versions, outcome, report sha256, evidence ids) with an audit event; a recorded GO lets 'registry alias NAME production VERSION' promote.",
        };
        var model = new Option<string?>("--model")
        {
            Description = "Model name in the registry, when the bundle has no model: key (must agree with it when it has).",
        };
        var store = new StoreOptions();
        var command = new Command(
            "verdict",
            "Judge a candidate against production: GO (exit 0), SHADOW ONLY (3), PAUSE_AND_FIX (4), REJECT (5); 2 for bad input. 'verdict list MODEL' and 'verdict show MODEL DEPLOYMENT' read the recorded ones.")
        {
            evidence, policy, output, json, record, model,
        };
        store.AddTo(command);
        command.Subcommands.Add(VerdictListCommand.Create(env));
        command.Subcommands.Add(VerdictShowCommand.Create(env));
        command.SetAction((parse, cancellationToken) => RunAsync(
            env, parse, new Request(parse.GetValue(evidence)!, parse.GetValue(policy), parse.GetValue(output), parse.GetValue(json), parse.GetValue(record), parse.GetValue(model)), store, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliEnvironment env, ParseResult parse, Request request, StoreOptions storeOptions, CancellationToken cancellationToken)
    {
        var (evidencePath, policyPath, json) = (request.Evidence, request.Policy, request.Json);
        var policy = PolicyFile.Load(policyPath, "nothing was judged");
        var bundle = Load(evidencePath, "evidence bundle", BundleLoader.Load, r => (r.Bundle, r.Errors));
        var modelName = VerdictRecording.ModelOf(bundle, request.Model, evidencePath, request.Record);
        await using var store = await VerdictRecording.OpenStoreAsync(parse, env, storeOptions, request.Record, cancellationToken);
        var evidence = BundleCollector.Collect(bundle, evidencePath, policy, env.Time);
        if (store is not null && modelName is not null)
        {
            evidence = evidence with { Registry = await RegistryFactsReader.ReadAsync(store, modelName, bundle.Baseline.Version, bundle.Candidate.Version, evidence.AsOf, cancellationToken) };
        }

        var decision = VerdictEngine.Decide(evidence, policy);
        var markdown = VerdictReport.Markdown(decision, evidence, policy);
        var report = VerdictReport.Json(decision, evidence, policy);

        var outDir = request.Out ?? (request.Record
            ? VerdictRecording.ReportFolder(DataDirectory.Resolve(parse.GetValue(storeOptions.DataDir)), evidence.DeploymentId, report)
            : ".");
        var written = Write(outDir, markdown, report);
        var summary = json ? env.Error : env.Out;
        VerdictSummary.Write(summary, decision, evidence, written);
        if (json)
        {
            env.Out.Write(report);
        }

        if (request.Record)
        {
            await VerdictRecording.RecordAsync(store!, storeOptions.ActorOf(parse), modelName!, decision, evidence, report, summary, cancellationToken);
        }

        return VerdictReport.ExitCode(decision.Outcome);
    }

    private static T Load<TResult, T>(string path, string what, Func<TextReader, string, TResult> load, Func<TResult, (T? Value, IReadOnlyList<ConfigError> Errors)> parts)
        where T : class
    {
        using var stream = InputFile.Open(path, what);
        using var reader = new StreamReader(stream);
        var (value, errors) = parts(load(reader, path));
        if (errors.Count > 0 || value is null)
        {
            var lines = errors.Select(e => $"error: {e}");
            throw new UserInputException(
                $"{path}: {errors.Count} problem(s) in the {what}; nothing was judged.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
        }

        return value;
    }

    private sealed record Request(string Evidence, string? Policy, string? Out, bool Json, bool Record, string? Model);

    private static (string Markdown, string Json) Write(string outDir, string markdown, string json)
    {
        try
        {
            Directory.CreateDirectory(outDir);
            var md = Path.Combine(outDir, MarkdownFile);
            var js = Path.Combine(outDir, JsonFile);
            File.WriteAllText(md, markdown);
            File.WriteAllText(js, json);
            return (md, js);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{outDir}: cannot write the reports there ({ex.Message}); choose a writable folder with --out.");
        }
    }
}
