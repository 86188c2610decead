using System.CommandLine;
using System.Globalization;
using Warden.Audit;
using Warden.Cli.Registry;
using Warden.Cli.Rollout;
using Warden.Core.Drills;
using Warden.Core.Reports;
using Warden.Drills;

namespace Warden.Cli.Drill;

/// <summary>
/// <c>warden drill list [--service S] [--limit N] [--json]</c>: the recorded drill runs, newest first
/// (the <c>drill</c> audit events), and their summary: success rate with its Wilson CI95 and the
/// RTOs' median, P90 and maximum (<see cref="DrillSummary"/>). The service is an option, not an
/// argument, so that the API's <c>?service=</c> and the CLI read alike and <c>warden drill SERVICE</c> keeps its meaning.
/// </summary>
internal static class DrillListCommand
{
    public static Command Create(CliEnvironment env)
    {
        var service = new Option<string?>("--service") { Description = "Only this service's drill runs." };
        var limit = new Option<int>("--limit") { Description = "How many of the most recent runs to list and summarise (1 to 10000).", DefaultValueFactory = _ => 100 };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "list",
            "List the recorded drill runs, newest first (fault, result, RTO, RPO), with their summary: success rate with its 95 % Wilson interval and RTO median, P90 and max (numpy's linear quantile). Exit 0; 2 for bad input.")
        {
            service, limit, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            var name = parse.GetValue(service);
            var problems = new List<string>();
            if (count is < 1 or > 10_000)
            {
                problems.Add($"--limit {count}: give a number from 1 to 10000.");
            }

            if (name is not null && !Warden.Registry.RegistryNames.IsValidName(name))
            {
                problems.Add($"--service '{name}' is not a service name: use letters, digits and . _ - (first a letter or digit, at most 128), e.g. ranker.");
            }

            if (problems.Count > 0)
            {
                throw new UserInputException(string.Join(Environment.NewLine + "error: ", problems));
            }

            await using var opened = await store.OpenExistingAsync(parse, env, readOnly: true, cancellationToken);
            var (runs, unreadable) = await opened.ReadAsync((tx, ct) => DrillRecords.ListAsync(tx, name, null, count, ct), cancellationToken);
            if (unreadable > 0)
            {
                env.Error.WriteLine($"warning: {unreadable} drill event(s) hold no drill run and were left out; 'warden audit list --action drill' shows them.");
            }

            var newest = runs.Reverse().ToList();
            var summary = DrillSummary.Of([.. newest.Select(r => r.Run)]);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new { Runs = newest.Select(r => RunJson.Of(r.Run, r.Event)).ToList(), Summary = SummaryJson.Of(summary) });
                return ExitCodes.Success;
            }

            if (newest.Count == 0)
            {
                env.Out.WriteLine(name is null ? "no drill run recorded on this store; 'warden drill SERVICE --fault errors' runs one." : $"no drill run of {name} recorded on this store; 'warden drill {name} --fault errors' runs one.");
                return ExitCodes.Success;
            }

            RolloutTable.Write(
                env.Out,
                ["TIME", "RUN", "SERVICE", "FAULT", "RESULT", "RTO", "RPO", "TRIGGER"],
                [.. newest.Select(r => (IReadOnlyList<string>)
                [
                    CliText.Time(r.Event.Time),
                    r.Run.RunId,
                    r.Run.Service,
                    r.Run.Fault ?? "A/A",
                    r.Run.Success ? "passed" : "FAILED",
                    Seconds(r.Run.RtoSeconds),
                    Seconds(r.Run.RpoSeconds),
                    r.Run.Trigger ?? "-",
                ])]);
            env.Out.WriteLine();
            var rate = summary.SuccessRate!;
            env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Succeeded} of {summary.Runs} run(s) succeeded: {rate.Value * 100:0.#} % [{rate.Low * 100:0.#}, {rate.High * 100:0.#}] (95 % Wilson)"));
            env.Out.WriteLine(summary.RtoSeconds.Count == 0
                ? "RTO: none measured"
                : $"RTO over {summary.RtoSeconds.Count} run(s): median {Seconds(summary.RtoMedian)}, P90 {Seconds(summary.RtoP90)}, max {Seconds(summary.RtoMax)}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Seconds(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";

    /// <summary>One run as <c>--json</c> prints it.</summary>
    internal sealed record RunJson(
        string EventId, DateTimeOffset Time, string RunId, string Service, string? Fault, bool OnLive, bool Succeeded, bool RolledBack, string? Trigger,
        string? RollbackRunId, double? RtoSeconds, double? RpoSeconds, double? DetectionSeconds, long FailedDuringSwitch, string? Problem, string Summary)
    {
        public static RunJson Of(DrillRun run, AuditEvent e) => new(
            e.Id, e.Time.ToUniversalTime(), run.RunId, run.Service, run.Fault, run.OnLive, run.Success, run.RolledBack, run.Trigger,
            run.RollbackRunId, run.RtoSeconds, run.RpoSeconds, run.DetectionSeconds, run.FailedDuringSwitch, run.Problem, DrillRecords.Summary(run));
    }

    /// <summary>The summary as <c>--json</c> prints it: counts, the Wilson estimate, the RTO quantiles and the values they come from.</summary>
    internal sealed record SummaryJson(int Runs, int Succeeded, EstimateJson? SuccessRate, RtoJson RtoSeconds)
    {
        public static SummaryJson Of(DrillSummary s) =>
            new(s.Runs, s.Succeeded, s.SuccessRate is { } rate ? EstimateJson.From(rate) : null, new RtoJson(s.RtoMedian, s.RtoP90, s.RtoMax, s.RtoSeconds));
    }

    /// <summary>RTO median, P90 (numpy linear), max and the values, in seconds (in the order of the runs, newest first).</summary>
    internal sealed record RtoJson(double? Median, double? P90, double? Max, IReadOnlyList<double> Values);
}
