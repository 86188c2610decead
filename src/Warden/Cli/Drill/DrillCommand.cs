using System.CommandLine;
using System.Globalization;
using Warden.Cli.Audit;
using Warden.Core.Drills;
using Warden.Drills;
using Warden.Gateway.Hosting;

namespace Warden.Cli.Drill;

/// <summary>
/// <c>warden drill SERVICE (--fault KIND | --aa) [--runs N]</c>: exercises the rollback path of a
/// running <c>warden serve</c> (docs/drills.md). Each run starts the faulty build as a canary of
/// the service's drill route, injects the fault, and measures how the live guard rolls it back,
/// under the drill's own load; an A/A run injects nothing and counts false rollbacks. Runs are
/// recorded in the store (<c>drill</c> audit events) and in <c>recovery_test.json</c>.
/// </summary>
internal static partial class DrillCommand
{
    public static Command Create(CliEnvironment env)
    {
        var store = new StoreOptions();
        var service = new Argument<string>("SERVICE") { Description = "The service to drill: an entry of drill.services in --config." };
        var fault = new Option<string?>("--fault") { Description = $"The fault to inject into the faulty build: {string.Join(", ", DrillFaults.Kinds)}." };
        fault.AcceptOnlyFromAmong([.. DrillFaults.Kinds]);
        var aa = new Option<bool>("--aa") { Description = "An A/A drill: the faulty build runs healthy; any rollback is a false one. Prints the guard's designed false-alarm level beside the count." };
        var rate = new Option<double?>("--rate") { Description = $"With --fault errors: the share of requests the faulty build fails, from 0 to 1 (default {DrillFaults.DefaultRate.ToString(CultureInfo.InvariantCulture)})." };
        var delay = new Option<int?>("--delay-ms") { Description = $"With --fault latency: milliseconds added to every answer (default {DrillFaults.DefaultDelayMs})." };
        var runs = new Option<int>("--runs") { Description = "Runs to make, one after another (1 to 1000).", DefaultValueFactory = _ => 1 };
        var duration = new Option<string>("--duration") { Description = "With --aa: how long each run watches the healthy canary, e.g. 60s or 2m.", DefaultValueFactory = _ => "60s" };
        var faultAfter = new Option<string>("--fault-after") { Description = "With --fault: how long the canary runs healthy before the fault, e.g. 10s (a fault late in a step).", DefaultValueFactory = _ => "0s" };
        var onLive = new Option<bool>("--on-live") { Description = "Drill the service's live route instead of its drill copy: the faulty build then serves a share of real users' requests until the guard rolls it back." };
        var config = new Option<string>("--config") { Description = "The server's warden.yaml (drill:, gateway: and policy: sections).", DefaultValueFactory = _ => "warden.yaml" };
        var gateway = new Option<string?>("--gateway") { Description = $"The running gateway's admin API. Default: gateway.admin.urls of --config, else {GatewayHostOptions.DefaultAdminUrl}." };
        var traffic = new Option<string>("--traffic") { Description = "The running gateway's traffic listener (warden serve --urls), where the drill sends its load.", DefaultValueFactory = _ => GatewayHostOptions.DefaultUrl };
        var output = new Option<string>("--out") { Description = $"Folder for {DrillReport.File} (created if missing).", DefaultValueFactory = _ => "." };
        var command = new Command(
            "drill",
            "Exercise the rollback path against a running 'warden serve': start the faulty build as a canary of the service's drill route (its own path and backends; --on-live for the live route), " +
            $"inject the fault, and measure the live guard's rollback (RTO, RPO, requests failed) under the drill's own load; --aa counts false rollbacks instead. Runs go to the store (drill audit events) and {DrillReport.File}. " +
            "Exit 0 when every run succeeded, 6 when one did not, 2 for bad input or a drill that could not go on, 130 after Ctrl-C (the run's rollout is aborted).")
        {
            service, fault, aa, rate, delay, runs, duration, faultAfter, onLive, config, gateway, traffic, output,
        };
        store.AddTo(command);

        // 'drill list' reads the record; a service named 'list' is drilled as 'warden drill -- list'.
        command.Subcommands.Add(DrillListCommand.Create(env));
        command.SetAction((parse, cancellationToken) => RunAsync(env, new Request
        {
            Service = parse.GetValue(service)!,
            Fault = parse.GetValue(fault),
            Aa = parse.GetValue(aa),
            Rate = parse.GetValue(rate),
            DelayMs = parse.GetValue(delay),
            Runs = parse.GetValue(runs),
            Duration = parse.GetValue(duration)!,
            FaultAfter = parse.GetValue(faultAfter)!,
            OnLive = parse.GetValue(onLive),
            Config = parse.GetValue(config)!,
            Gateway = parse.GetValue(gateway),
            Traffic = parse.GetValue(traffic)!,
            Out = parse.GetValue(output)!,
        }, store, parse, cancellationToken));
        return command;
    }

    private sealed record Request
    {
        public required string Service { get; init; }
        public string? Fault { get; init; }
        public bool Aa { get; init; }
        public double? Rate { get; init; }
        public int? DelayMs { get; init; }
        public int Runs { get; init; }
        public required string Duration { get; init; }
        public required string FaultAfter { get; init; }
        public bool OnLive { get; init; }
        public required string Config { get; init; }
        public string? Gateway { get; init; }
        public required string Traffic { get; init; }
        public required string Out { get; init; }
    }

    // The options that belong together, checked before anything is read or started.
    private static string? FaultBody(Request r)
    {
        var problems = new List<string>();
        if ((r.Fault is null) == !r.Aa)
        {
            problems.Add(r.Aa ? "--aa and --fault exclude each other: an A/A drill injects no fault" : $"give --fault ({string.Join("|", DrillFaults.Kinds)}) or --aa");
        }

        if (r.Rate is not null && r.Fault != "errors")
        {
            problems.Add("--rate applies to --fault errors only");
        }
        else if (r.Rate is { } rate && !(rate > 0 && rate <= 1))
        {
            problems.Add($"--rate {rate.ToString(CultureInfo.InvariantCulture)} is not a share of requests; give a number above 0 and at most 1, e.g. 0.05");
        }

        if (r.DelayMs is not null && r.Fault != "latency")
        {
            problems.Add("--delay-ms applies to --fault latency only");
        }
        else if (r.DelayMs is { } ms && ms is < 1 or > 600_000)
        {
            problems.Add($"--delay-ms {ms} is out of range; give 1 to 600000 milliseconds");
        }

        if (r.Runs is < 1 or > 1000)
        {
            problems.Add($"--runs {r.Runs} is out of range; give 1 to 1000");
        }

        if (problems.Count > 0)
        {
            throw new UserInputException(string.Join(Environment.NewLine + "error: ", problems));
        }

        return r.Fault is { } kind ? DrillFaults.Start(kind, r.Rate ?? DrillFaults.DefaultRate, r.DelayMs ?? DrillFaults.DefaultDelayMs) : null;
    }

    /// <summary>A duration as <c>90</c> (seconds) or in <c>warden audit list --since</c>'s age form: <c>90s</c>, <c>2m</c>, <c>1h</c>.</summary>
    internal static TimeSpan ParseDuration(string text, string option, TimeSpan max)
    {
        var value = text.Trim();
        if (AuditTime.TryParseAge(value.Length > 0 && value.All(char.IsAsciiDigit) ? value + "s" : value, out var span) && span <= max)
        {
            return span;
        }

        throw new UserInputException($"{option} '{text}' is not a duration from 0 to {max.TotalMinutes:0} minutes; give seconds (90 or 90s), minutes (2m) or hours (1h).");
    }
}
