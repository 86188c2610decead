using System.CommandLine;
using Warden.Cli.Output;
using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Core.Reports;

namespace Warden.Cli.Eval;

/// <summary>
/// <c>warden eval</c>: nDCG@K (as trec_eval's ndcg_cut) and Compliance@K per run with bootstrap
/// intervals, and the paired difference between two runs.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliEnvironment env)
    {
        var qrels = new Option<string>("--qrels")
        {
            Description = "Relevance judgments in TREC qrels form: 'qid 0 docid rel'. '-' (here or in one other input) reads standard input.",
            Required = true,
        };
        var runs = new Option<string[]>("--run")
        {
            Description = "A TREC run: 'qid Q0 docid rank score tag'. Give it twice to compare: baseline first, candidate second.",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var compliance = new Option<string?>("--compliance")
        {
            Description = "Compliance labels in qrels form, rel 1 = compliant, 0 = not.",
        };
        var k = PositiveInt("--k", 10, "Cut-off of nDCG@K.");
        var complianceK = PositiveInt("--compliance-k", 1, "Cut-off of Compliance@K (share of the top K that is compliant).");
        var unlabelled = new Option<string>("--unlabelled")
        {
            Description = "How a retrieved document with no compliance label counts.",
            DefaultValueFactory = _ => "not-compliant",
        };
        unlabelled.AcceptOnlyFromAmong("not-compliant", "compliant");
        var perQuery = new Option<bool>("-q", "--per-query")
        {
            Description = "Also print every query's values (like trec_eval -q).",
        };
        var json = CommonOptions.Json();
        var lenient = CommonOptions.Lenient();
        var confidence = CommonOptions.Confidence();
        var resamples = CommonOptions.Resamples();
        var seed = CommonOptions.Seed();

        var command = new Command("eval", "Evaluate ranking runs: nDCG@K and Compliance@K with bootstrap confidence intervals; paired delta for two runs.")
        {
            qrels, runs, compliance, k, complianceK, unlabelled, perQuery, json, lenient, confidence, resamples, seed,
        };
        command.Validators.Add(result =>
        {
            var given = result.GetValue(runs);
            if (given is { Length: > 2 })
            {
                result.AddError($"--run was given {given.Length} times; give one run, or two to compare (baseline first, candidate second).");
            }
        });
        command.SetAction(parse => Run(
            env,
            new EvalRequest
            {
                Qrels = parse.GetValue(qrels)!,
                Runs = parse.GetValue(runs) ?? [],
                Compliance = parse.GetValue(compliance),
                K = parse.GetValue(k),
                ComplianceK = parse.GetValue(complianceK),
                Unlabelled = parse.GetValue(unlabelled) == "compliant" ? UnlabelledDocuments.Compliant : UnlabelledDocuments.NotCompliant,
                PerQuery = parse.GetValue(perQuery),
                Json = parse.GetValue(json),
                Mode = parse.GetValue(lenient) ? ReadMode.Lenient : ReadMode.Strict,
                Confidence = parse.GetValue(confidence),
                Resamples = parse.GetValue(resamples),
                Seed = parse.GetValue(seed),
            }));
        return command;
    }

    private static int Run(CliEnvironment env, EvalRequest request)
    {
        var result = Evaluate(env, request);
        if (request.Json)
        {
            JsonOutput.Write(env.Out, EvalJson.From(request, result));
        }
        else
        {
            EvalTable.Write(env.Console, request, result);
        }

        return ExitCodes.Success;
    }

    private static EvalResult Evaluate(CliEnvironment env, EvalRequest request)
    {
        if (new[] { request.Qrels, request.Compliance }.Concat(request.Runs).Count(p => p == InputFile.StandardInput) > 1)
        {
            throw new UserInputException("'-' (standard input) is given for more than one input; it can be read only once.");
        }

        var qrels = Read(env, request.Qrels, "qrels file", request.Mode, QrelsReader.Read, r => (r.Qrels.Evidence, r.Issues));
        Qrels? labels = null;
        (EvidenceInfo, ParseIssueLog)? labelsInput = null;
        if (request.Compliance is { } compliancePath)
        {
            var read = Read(env, compliancePath, "compliance labels file", request.Mode, QrelsReader.ReadCompliance, r => (r.Qrels.Evidence, r.Issues));
            labels = read.Result.Qrels;
            labelsInput = read.Input;
        }

        var runs = new List<(string Path, Run Run, (EvidenceInfo Info, ParseIssueLog Issues) Input)>();
        foreach (var path in request.Runs)
        {
            var read = Read(env, path, "run file", request.Mode, RunReader.Read, r => (r.Run.Evidence, r.Issues));
            var run = read.Result.Run;
            if (!run.SharesQueryWith(qrels.Result.Qrels))
            {
                throw new UserInputException($"{path}: no query of this run is judged in {request.Qrels}; check that both files use the same query ids.");
            }

            if (labels is not null && !run.SharesQueryWith(labels))
            {
                throw new UserInputException($"{path}: no query of this run has compliance labels in {request.Compliance}; check that both files use the same query ids.");
            }

            runs.Add((path, run, read.Input));
        }

        // Each run may be judged and still share no judged query with the other one: the paired
        // deltas then have nothing to pair. That is the files' problem, said as such (exit 2).
        if (runs.Count == 2)
        {
            CheckPaired(runs[0], runs[1], qrels.Result.Qrels, request.Qrels, "judged in");
            if (labels is not null)
            {
                CheckPaired(runs[0], runs[1], labels, request.Compliance!, "labelled in");
            }
        }

        // The same pipeline as the verdict's, so eval and verdict agree on the same files.
        var evaluation = RankingEvaluation.Of(qrels.Result.Qrels, labels, [.. runs.Select(r => r.Run)], new RankingEvaluationOptions
        {
            NdcgK = request.K,
            ComplianceK = request.ComplianceK,
            Unlabelled = request.Unlabelled,
            Confidence = request.Confidence,
            Resamples = request.Resamples,
            Seed = request.Seed,
        });

        return new EvalResult
        {
            Qrels = qrels.Input,
            Compliance = labelsInput,
            Runs = [.. runs.Select((r, i) => new RunEvaluation
            {
                Source = r.Path,
                Tag = r.Run.Tag,
                Input = r.Input,

                // Both are present: every run shares a query with the qrels (checked above).
                Ndcg = evaluation.Runs[i].Ndcg!,
                NdcgMean = evaluation.Runs[i].NdcgMean!,
                Compliance = evaluation.Runs[i].Compliance,
                ComplianceMean = evaluation.Runs[i].ComplianceMean,
            })],
            NdcgDelta = evaluation.NdcgDelta,
            ComplianceDelta = evaluation.ComplianceDelta,
        };
    }

    private static void CheckPaired<TInput>((string Path, Run Run, TInput Input) first, (string Path, Run Run, TInput Input) second, Qrels judgments, string judgmentsPath, string how)
    {
        var other = second.Run.QueryIds.ToHashSet(StringComparer.Ordinal);
        if (!first.Run.QueryIds.Any(qid => other.Contains(qid) && judgments.TryGetJudgments(qid, out _)))
        {
            throw new UserInputException(
                $"{second.Path}: shares no query {how} {judgmentsPath} with {first.Path}; the paired delta compares the two runs query by query, so give runs over the same queries.");
        }
    }

    private static (T Result, (EvidenceInfo Info, ParseIssueLog Issues) Input) Read<T>(
        CliEnvironment env,
        string path,
        string what,
        ReadMode mode,
        Func<Stream, string, ReadMode, IProgress<long>, T> reader,
        Func<T, (EvidenceInfo, ParseIssueLog)> input)
    {
        using var stream = InputFile.Open(path, what, env);
        using var progress = ReadProgress.ForFile(env, path, InputFile.LengthOf(stream));
        var result = reader(stream, path, mode, progress);
        var (info, issues) = input(result);
        IssueReport.Write(env.Error, path, issues);
        return (result, (info, issues));
    }

    private static Option<int> PositiveInt(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        CommonOptions.Check(option, value => value < 1 ? $"{name} must be a positive whole number; got {value}." : null);
        return option;
    }
}
