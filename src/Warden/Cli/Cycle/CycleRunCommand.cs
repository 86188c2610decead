using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Core.Configuration;
using Warden.Core.Cycle;
using Warden.Core.Reports;
using Warden.Cycle;
using Warden.Hosting;
using Warden.Rollouts;
using Warden.Storage;

namespace Warden.Cli.Cycle;

/// <summary>
/// <c>warden cycle run [--once]</c>: without <c>--once</c>, asks the servers on the store for a cycle
/// now (a <c>cycle.request</c> event the leading <c>warden serve</c> picks up within a second) and
/// waits for it; with <c>--once</c>, runs one cycle in this process, without a server (a CI job).
/// </summary>
internal static class CycleRunCommand
{
    public static Command Create(CliEnvironment env)
    {
        var once = new Option<bool>("--once")
        {
            Description = "Run one cycle here, without a server: services and production from --config and the registry, metadata fetched from the backends, no drill (it needs a gateway) and no route switch (a running server's controller follows a stored rollback).",
        };
        var config = new Option<string>("--config") { Description = "warden.yaml (cycle:, gateway:, policy:, rollout: and drill: sections), with --once.", DefaultValueFactory = _ => "warden.yaml" };
        var output = new Option<string?>("--out") { Description = "With --once: the folder the cycle's reports go to (a folder per cycle under it). Default: reports/ under the data directory." };
        var timeout = new Option<string>("--timeout") { Description = "Without --once: how long to wait for the server's cycle to end, e.g. 10m.", DefaultValueFactory = _ => "10m" };
        var json = CommonOptions.Json();
        var store = new StoreOptions();
        var command = new Command(
            "run",
            "Run a heartbeat cycle now. Without --once, the leading 'warden serve' on the store (--data-dir) runs it and this waits for the result; with --once, it runs here. " +
            "Prints each phase as it ends and where the reports went (deployment_verdict.md per candidate, checkpoint_checks.json, innovation_report.md, cycle_report.md). " +
            "Exit 0 when every phase ran, 6 when one failed or ran only in part (see its problems), 2 for bad input or when no server picked the request up.")
        {
            once, config, output, timeout, json,
        };
        store.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wantJson = parse.GetValue(json);
            CycleRecord? record;
            if (parse.GetValue(once))
            {
                var file = CycleConfigFile.Load(parse.GetValue(config)!);
                await using var opened = await store.OpenAsync(parse, env, cancellationToken, file.Store);
                var reports = parse.GetValue(output) is { } dir ? Path.GetFullPath(dir) : Path.Combine(DataDirectory.Resolve(parse.GetValue(store.DataDir)), "reports");
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var cycle = new HeartbeatCycle(
                    opened,
                    new CyclePorts { Services = new ConfigCycleServices(file.Gateway, opened, file.DrillRoutes), Metadata = new HttpModelMetadataSource(http) },
                    new HeartbeatCycleOptions { Cycle = file.Cycle, Policy = file.Policy, Rollouts = file.Rollouts, Holder = store.ActorOf(parse), ReportsDirectory = reports },
                    env.Time,
                    NullLogger.Instance);
                if (!wantJson)
                {
                    env.Out.WriteLine($"heartbeat cycle (once) on {opened.Location}:");
                }

                record = await cycle.RunAsync("once", null, wantJson ? null : phase => WritePhase(env.Out, phase), cancellationToken);
                if (record is null)
                {
                    var lease = await opened.ReadAsync((tx, ct) => tx.Leases.ReadAsync(HeartbeatCycleOptions.LeaseName, ct), cancellationToken);
                    throw new UserInputException(
                        $"another cycle is running on this store: {lease?.Holder ?? "another server"} holds the cycle lease until {lease?.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z. Wait for it ('warden cycle list'), then run again.");
                }
            }
            else
            {
                if (!Audit.AuditTime.TryParseAge(parse.GetValue(timeout)!, out var wait) || wait <= TimeSpan.Zero)
                {
                    throw new UserInputException($"--timeout {parse.GetValue(timeout)}: give a duration such as 90s, 10m or 1h.");
                }

                // Asking needs a store a server runs on; only --once (a CI job) may start a new one.
                await using var opened = await store.OpenExistingAsync(parse, env, readOnly: false, cancellationToken);
                record = await RequestAsync(env, opened, store.ActorOf(parse), wait, wantJson, cancellationToken);
            }

            if (wantJson)
            {
                env.Out.WriteLine(CycleReport.Json(record));
            }
            else
            {
                WriteSummary(env.Out, record);
            }

            return record.Status == CyclePhaseStatus.Ok ? ExitCodes.Success : ExitCodes.VerificationFailed;
        });
        return command;
    }

    // Asks the leading server for a cycle and waits for its end, printing phases as they are recorded.
    private static async Task<CycleRecord> RequestAsync(CliEnvironment env, IWardenStore store, string actor, TimeSpan wait, bool json, CancellationToken cancellationToken)
    {
        var request = await CycleRecords.RequestAsync(store, actor, cancellationToken);
        var started = env.Time.GetUtcNow();
        var pickUp = TimeSpan.FromSeconds(30);
        if (!json)
        {
            env.Out.WriteLine($"asked the servers on {store.Location} for a cycle ({request.Id}); waiting up to {ConfigDuration.Format(wait)}");
        }

        string? cycleId = null;
        var printed = 0;
        while (true)
        {
            var elapsed = env.Time.GetUtcNow() - started;
            if (cycleId is null)
            {
                var begins = await store.ReadAsync((tx, ct) => CycleRecords.ListAsync(tx, 20, ct), cancellationToken);
                // The first cycle begun after the request answers it: several requests made before one
                // cycle began are answered together, and that cycle names only the newest.
                cycleId = begins.FirstOrDefault(b => b.BeginEvent.Sequence > request.Sequence)?.Begin.Cycle;
                if (cycleId is null && elapsed >= pickUp)
                {
                    var lease = await store.ReadAsync((tx, ct) => tx.Leases.ReadAsync(RolloutControllerOptions.LeaseName, ct), cancellationToken);
                    var leader = lease is not null && lease.ExpiresAt > env.Time.GetUtcNow() ? $"{lease.Holder} leads but did not start it: does its warden.yaml have a cycle: section?" : "no 'warden serve' leads on this store";
                    throw new UserInputException(
                        $"no cycle picked up request {request.Id} within {pickUp.TotalSeconds:0} s ({leader}). Start 'warden serve' with this --data-dir, or run the cycle here with 'warden cycle run --once --config warden.yaml'.");
                }

                if (cycleId is not null && !json)
                {
                    env.Out.WriteLine($"cycle {cycleId} began:");
                }
            }

            if (cycleId is not null)
            {
                var detail = await store.ReadAsync((tx, ct) => CycleRecords.ShowAsync(tx, cycleId, ct), cancellationToken);
                if (detail is not null && !json)
                {
                    foreach (var (phase, _) in detail.Phases.Skip(printed))
                    {
                        WritePhase(env.Out, phase);
                    }

                    printed = detail.Phases.Count;
                }

                if (detail?.Record is { } record)
                {
                    return record;
                }
            }

            if (elapsed >= wait)
            {
                throw new UserInputException($"the cycle {(cycleId is null ? "was not started" : $"{cycleId} did not end")} within --timeout {ConfigDuration.Format(wait)}; see 'warden cycle list' later.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), env.Time, cancellationToken);
        }
    }

    /// <summary>One phase's line: name, status, seconds, summary, then its problems.</summary>
    internal static void WritePhase(TextWriter output, CyclePhaseResult phase)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {phase.Phase,-23} {CycleReport.Label(phase.Status),-8} {(phase.EndedAt - phase.StartedAt).TotalSeconds,7:0.00} s  {phase.Summary}"));
        foreach (var problem in phase.Problems)
        {
            output.WriteLine($"      problem: {problem}");
        }

        output.Flush();
    }

    /// <summary>The closing lines: the status and where the reports are.</summary>
    internal static void WriteSummary(TextWriter output, CycleRecord record)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cycle {record.Id} ({record.Trigger}, by {record.Holder}): {CycleReport.Label(record.Status)} in {(record.EndedAt - record.StartedAt).TotalSeconds:0.00} s"));
        var verdicts = record.Phases.Where(p => p.Phase == CyclePhases.Decision).SelectMany(p => p.Findings).ToList();
        foreach (var verdict in verdicts)
        {
            output.WriteLine($"  verdict: {verdict.Service} {verdict.Version} {verdict.Status} — {verdict.Detail}");
        }

        foreach (var action in record.Phases.Where(p => p.Phase == CyclePhases.Act).SelectMany(p => p.Findings))
        {
            output.WriteLine($"  act: {action.Service} {action.Check} {action.Status} — {action.Detail}");
        }

        if (record.Folder is { } folder)
        {
            output.WriteLine($"reports: {Path.Combine(folder, CycleReport.MarkdownFile)}, {Path.Combine(folder, "innovation_report.md")}");
        }
    }
}
