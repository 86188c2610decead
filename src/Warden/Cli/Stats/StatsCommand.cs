using System.CommandLine;
using Spectre.Console;
using Warden.Cli.Output;
using Warden.Core.Evidence;
using Warden.Core.Reports;
using Warden.Core.Telemetry;

namespace Warden.Cli.Stats;

/// <summary>
/// <c>warden stats FILE...</c>: request count, error rate, throughput and latency percentiles per
/// version, each with its confidence interval, from request telemetry (JSON Lines or CSV).
/// </summary>
internal static class StatsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Request telemetry: JSON Lines (.jsonl, .ndjson, .json) or CSV with a header row (.csv); '-' reads standard input (with --format). Pipes and <(...) work. See docs/formats.md.",
            Arity = ArgumentArity.OneOrMore,
        };
        var by = new Option<string>("--by")
        {
            Description = "Group requests by model version, or not at all.",
            DefaultValueFactory = _ => "version",
        };
        by.AcceptOnlyFromAmong("version", "none");
        var format = new Option<string>("--format")
        {
            Description = "Input format; 'auto' picks it from the file extension.",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong("auto", "jsonl", "csv");
        var errors = new Option<string>("--errors")
        {
            Description = "Which requests count as errors: status classes (5xx), codes (429) and 'ok' (ok:false), comma-separated.",
            DefaultValueFactory = _ => ErrorClassifier.Default.Spec,
        };
        var json = CommonOptions.Json();
        var lenient = CommonOptions.Lenient();
        var confidence = CommonOptions.Confidence();

        var command = new Command("stats", "Summarize request telemetry: count, error rate, throughput, P50/P95/P99 latency with confidence intervals.")
        {
            files, by, format, errors, json, lenient, confidence,
        };
        command.SetAction(parse => Run(
            env,
            new StatsRequest
            {
                Files = parse.GetValue(files) ?? [],
                Grouping = parse.GetValue(by) == "none" ? TelemetryGrouping.None : TelemetryGrouping.Version,
                Format = parse.GetValue(format) ?? "auto",
                Errors = parse.GetValue(errors) ?? ErrorClassifier.Default.Spec,
                Json = parse.GetValue(json),
                Mode = parse.GetValue(lenient) ? ReadMode.Lenient : ReadMode.Strict,
                Confidence = parse.GetValue(confidence),
            }));
        return command;
    }

    private static int Run(CliEnvironment env, StatsRequest request)
    {
        if (!ErrorClassifier.TryParse(request.Errors, out var classifier, out var problem))
        {
            throw new UserInputException($"--errors: {problem}");
        }

        if (request.Files.Count(f => f == InputFile.StandardInput) > 1)
        {
            throw new UserInputException("'-' (standard input) is given more than once; it can be read only once.");
        }

        var aggregator = new TelemetryAggregator(classifier, request.Grouping);
        var inputs = new List<(EvidenceInfo Info, ParseIssueLog Issues)>();
        foreach (var path in request.Files)
        {
            using var stream = InputFile.Open(path, "telemetry file", env);
            var format = ResolveFormat(path, request.Format);
            using var progress = ReadProgress.ForFile(env, path, InputFile.LengthOf(stream));
            var result = TelemetryReader.Read(stream, path, format, request.Mode, record => aggregator.Add(record), progress);
            inputs.Add((result.Evidence, result.Issues));
            IssueReport.Write(env.Error, path, result.Issues);
        }

        if (aggregator.Count == 0)
        {
            throw new UserInputException($"no valid request records in {string.Join(", ", request.Files)}; every line was rejected (see the warnings above).");
        }

        var groups = aggregator.Summarize(request.Confidence, [.. inputs.Select(i => i.Info.Id)]);
        if (request.Json)
        {
            JsonOutput.Write(env.Out, StatsJson.From(request, classifier, inputs, groups));
        }
        else
        {
            StatsTable.Write(env.Console, request, classifier, inputs, groups);
        }

        return ExitCodes.Success;
    }

    private static TelemetryFormat ResolveFormat(string path, string option)
    {
        switch (option)
        {
            case "jsonl":
                return TelemetryFormat.JsonLines;
            case "csv":
                return TelemetryFormat.Csv;
            default:
                if (TelemetryFormats.TryFromPath(path, out var format))
                {
                    return format;
                }

                throw new UserInputException($"{path}: cannot tell the format from the extension; name the file .jsonl or .csv, or pass --format jsonl|csv.");
        }
    }
}
