using System.CommandLine;
using Warden.Core.Bundle;
using Warden.Core.Configuration;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Verdicts;
using Warden.Evidence;

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
        var output = new Option<string>("--out")
        {
            Description = "Folder for deployment_verdict.md and deployment_verdict.json (created if missing).",
            DefaultValueFactory = _ => ".",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Also print the JSON report on standard output (the summary goes to standard error).",
        };
        var command = new Command(
            "verdict",
            "Judge a candidate against production: GO (exit 0), SHADOW ONLY (3), PAUSE_AND_FIX (4), REJECT (5); 2 for bad input.")
        {
            evidence, policy, output, json,
        };
        command.SetAction(parse => Run(env, parse.GetValue(evidence)!, parse.GetValue(policy), parse.GetValue(output) ?? ".", parse.GetValue(json)));
        return command;
    }

    private static int Run(CliEnvironment env, string evidencePath, string? policyPath, string outDir, bool json)
    {
        var policy = policyPath is null ? new VerdictPolicy() : Load(policyPath, "policy file", PolicyLoader.Load, r => (r.Policy, r.Errors));
        var bundle = Load(evidencePath, "evidence bundle", BundleLoader.Load, r => (r.Bundle, r.Errors));
        var evidence = BundleCollector.Collect(bundle, evidencePath, policy, env);
        var decision = VerdictEngine.Decide(evidence, policy);
        var markdown = VerdictReport.Markdown(decision, evidence, policy);
        var report = VerdictReport.Json(decision, evidence, policy);

        var written = Write(outDir, markdown, report);
        var summary = json ? env.Error : env.Out;
        VerdictSummary.Write(summary, decision, evidence, written);
        if (json)
        {
            env.Out.Write(report);
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
            throw new UserInputException($"--out {outDir}: cannot write the reports there ({ex.Message}); choose a writable folder.");
        }
    }
}
