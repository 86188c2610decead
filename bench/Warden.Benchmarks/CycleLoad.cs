using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Core.Cycle;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Cycle;

namespace Warden.Benchmarks;

/// <summary>
/// <c>cycle [--services 10] [--runs 5] [--warmup 1] [--rate 20] [--artifact-mb 16] [--history-hours 0]
/// [--peer-services 1] [--target-seconds 10] [--keep]</c>: the heartbeat cycle over a fleet of
/// services × 3 versions (<see cref="CycleFleet"/>: a fresh real SQLite store, the registry, the
/// gateway's telemetry windows, real HTTP metadata), run in this process as
/// <c>warden cycle run --once</c> runs it — the real <see cref="HeartbeatCycle"/>,
/// <see cref="HttpModelMetadataSource"/>, no drill and no route table (<c>--once</c> has no
/// gateway) — with the reports written to disk. Prints each run's wall time and phase times, and
/// the median and maximum; then the same cycle over <c>--peer-services</c> services of the same
/// store, to show how the time scales. Exit 0 when every run of the full fleet (the warm-up
/// too) ended within the target and every run's seven phases ran (none failed or partial, every candidate
/// judged, every API check PASS); 1 otherwise. Used by bench/cycle.sh.
/// </summary>
internal static class CycleLoad
{
    private static readonly (string Phase, string Column)[] Columns =
    [
        (CyclePhases.Begin, "begin"),
        (CyclePhases.Baseline, "baseline"),
        (CyclePhases.Integration, "integr."),
        (CyclePhases.Rollback, "rollback"),
        (CyclePhases.Decision, "decision"),
        (CyclePhases.Act, "act"),
        (CyclePhases.Relay, "relay"),
    ];

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.Error.WriteLine("usage: cycle [--services N] [--runs N] [--warmup N] [--rate PER_SECOND] [--artifact-mb MB] [--history-hours H] [--peer-services N] [--target-seconds S] [--keep]");
            return 2;
        }

        var services = (int)LoadArgs.Number(args, "--services", 10);
        var runs = (int)LoadArgs.Number(args, "--runs", 5);
        var warmup = (int)LoadArgs.Number(args, "--warmup", 1);
        var peer = (int)LoadArgs.Number(args, "--peer-services", 1);
        var target = TimeSpan.FromSeconds(LoadArgs.Number(args, "--target-seconds", 10));
        if (services < 1 || runs < 1 || warmup < 0 || peer < 0)
        {
            Console.Error.WriteLine($"cycle: --services ({services}) and --runs ({runs}) must be at least 1, --warmup ({warmup}) and --peer-services ({peer}) at least 0.");
            return 2;
        }

        var shape = new FleetShape(
            services,
            (long)(LoadArgs.Number(args, "--artifact-mb", 16) * 1_048_576),
            LoadArgs.Number(args, "--rate", 20),
            new CycleOptions().EffectiveWindow,
            (int)LoadArgs.Number(args, "--history-hours", 0),
            Ahead: TimeSpan.FromMinutes(10));

        Console.WriteLine($"== set-up: {services} services x 3 versions");
        var total = Stopwatch.StartNew();
        var fleet = await CycleFleet.CreateAsync(shape, Console.Out);
        var ok = true;
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  store            {fleet.DataDirectory}: warden.db {Size(Path.Combine(fleet.DataDirectory, "warden.db"))} MB (+ WAL {Size(Path.Combine(fleet.DataDirectory, "warden.db-wal"))} MB)"));
            await TimeTelemetryReadAsync(fleet, shape);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

            Console.WriteLine();
            Console.WriteLine($"== cycle over {services} services: {warmup} warm-up + {runs} measured (target < {target.TotalSeconds:0.##} s each)");
            var full = await MeasureAsync(fleet, http, fleet.Services, warmup, runs);
            ok &= full.AllRan;
            // The target holds for the warm-up too: a server cycling once an hour runs the cycle on cold code.
            var over = full.Warm.Concat(full.Measured).Count(r => r.Wall > target);
            ok &= over == 0;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{services} services: median {Median(full.Measured.Select(r => r.Wall)).TotalSeconds:0.000} s, max {full.Measured.Max(r => r.Wall).TotalSeconds:0.000} s, first (cold) {full.Warm.Concat(full.Measured).First().Wall.TotalSeconds:0.000} s; {over} of {warmup + runs} over {target.TotalSeconds:0.##} s"));

            if (peer > 0 && peer < services)
            {
                Console.WriteLine();
                Console.WriteLine($"== the same cycle over {peer} of those services (same store): {warmup} warm-up + {runs} measured");
                var small = await MeasureAsync(fleet, http, [.. fleet.Services.Take(peer)], warmup, runs);
                ok &= small.AllRan;
                var ratio = Median(full.Measured.Select(r => r.Wall)) / Median(small.Measured.Select(r => r.Wall));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{peer} service(s): median {Median(small.Measured.Select(r => r.Wall)).TotalSeconds:0.000} s, max {small.Measured.Max(r => r.Wall).TotalSeconds:0.000} s; {services} services take {ratio:0.0}x as long"));
            }

            if (DateTimeOffset.UtcNow > fleet.TelemetryEnd)
            {
                Console.WriteLine($"note: the runs went past the telemetry's end ({fleet.TelemetryEnd.UtcDateTime:HH:mm:ss}Z): the last windows read were not full.");
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{(ok ? "PASS" : "FAIL")}: {runs} measured cycles over {services} services, median {Median(full.Measured.Select(r => r.Wall)).TotalSeconds:0.000} s, max {full.Measured.Max(r => r.Wall).TotalSeconds:0.000} s, cold {full.Warm.Concat(full.Measured).First().Wall.TotalSeconds:0.000} s (target < {target.TotalSeconds:0.##} s for each); {fleet.Backends.Requests} metadata requests answered; {total.Elapsed.TotalSeconds:0} s in all"));
        }
        finally
        {
            await fleet.DisposeAsync();
            if (args.Contains("--keep"))
            {
                Console.WriteLine($"kept {fleet.Folder}");
            }
            else
            {
                Directory.Delete(fleet.Folder, recursive: true);
            }
        }

        return ok ? 0 : 1;
    }

    private static async Task<(List<Timing> Warm, List<Timing> Measured, bool AllRan)> MeasureAsync(CycleFleet fleet, HttpClient http, IReadOnlyList<CycleService> services, int warmup, int runs)
    {
        Console.WriteLine("run        wall  " + string.Join(" ", Columns.Select(c => $"{c.Column,9}")) + "      other  (s; other: lease, begin/end records, phase records, cycle report)");
        var warm = new List<Timing>();
        var measured = new List<Timing>();
        var allRan = true;
        for (var i = 0; i < warmup + runs; i++)
        {
            var cycle = new HeartbeatCycle(
                fleet.Store,
                new CyclePorts { Services = new FixedServices(services), Metadata = new HttpModelMetadataSource(http) },
                new HeartbeatCycleOptions
                {
                    Cycle = new CycleOptions { Enabled = true },
                    Policy = new VerdictPolicy(),
                    Rollouts = new RolloutOptions(),
                    Holder = CycleFleet.Actor,
                    ReportsDirectory = fleet.Reports,
                },
                TimeProvider.System,
                NullLogger.Instance);
            var clock = Stopwatch.StartNew();
            var record = await cycle.RunAsync("once", null, null, CancellationToken.None);
            var wall = clock.Elapsed;
            var problems = Problems(record, services.Count);
            allRan &= problems.Count == 0;
            var phases = record?.Phases.ToDictionary(p => p.Phase, p => p.EndedAt - p.StartedAt) ?? [];
            var timing = new Timing(wall, phases, wall - phases.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b));
            (i < warmup ? warm : measured).Add(timing);

            var label = i < warmup ? $"warm-up {i + 1}" : $"{i - warmup + 1}";
            Console.WriteLine(Row(label, timing) + (problems.Count == 0 ? string.Empty : "  PROBLEMS: " + string.Join("; ", problems)));
            if (i == warmup + runs - 1 && record is not null)
            {
                Console.WriteLine("last run's findings: " + string.Join(", ", record.Phases.Where(p => p.Findings.Count > 0)
                    .Select(p => $"{Columns.First(c => c.Phase == p.Phase).Column} " + string.Join("/", p.Findings.GroupBy(f => f.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")))));
            }
        }

        var median = new Timing(
            Median(measured.Select(t => t.Wall)), Columns.ToDictionary(c => c.Phase, c => Median(measured.Select(t => t.Phases.GetValueOrDefault(c.Phase)))), Median(measured.Select(t => t.Other)));
        var max = new Timing(measured.Max(t => t.Wall), Columns.ToDictionary(c => c.Phase, c => measured.Max(t => t.Phases.GetValueOrDefault(c.Phase))), measured.Max(t => t.Other));
        Console.WriteLine(Row("median", median) + "  (of the measured runs, column by column)");
        Console.WriteLine(Row("max", max) + "  (of the measured runs, column by column)");
        return (warm, measured, allRan);
    }

    // The read each reviewer makes per service (production's windows over the cycle's window), alone:
    // what it costs against how many windows the series has stored (--history-hours grows that).
    private static async Task TimeTelemetryReadAsync(CycleFleet fleet, FleetShape shape)
    {
        var service = fleet.Services[0].Name;
        var times = new List<TimeSpan>();
        var read = 0;
        for (var i = 0; i < 6; i++)
        {
            var to = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var windows = await fleet.Store.ReadAsync((tx, ct) => tx.TelemetryWindows.ReadAsync(service, CycleFleet.Production, to - shape.Window, to, ct));
            times.Add(clock.Elapsed);
            read = windows.Count;
        }

        var stored = (shape.Window + shape.Ahead + TimeSpan.FromHours(shape.HistoryHours)).TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  one window read  {service} {CycleFleet.Production}'s production windows over the last {shape.Window.TotalHours:0.#} h: {read:N0} windows of {stored:N0} stored for the version, median {Median(times.Skip(1)).TotalMilliseconds:0.0} ms (5 reads after a first); a cycle makes 3 such reads per service and 1 of the candidate's"));
    }

    // What makes a run not count as a full cycle: a phase missing, failed or partial; a candidate
    // left unjudged; an API check that did not PASS (the metadata servers answer the same API).
    private static List<string> Problems(CycleRecord? record, int services)
    {
        if (record is null)
        {
            return ["another cycle held the store's cycle lease; nothing ran"];
        }

        var problems = new List<string>();
        if (!record.Phases.Select(p => p.Phase).SequenceEqual(CyclePhases.All))
        {
            problems.Add($"phases {string.Join(", ", record.Phases.Select(p => p.Phase))}");
        }

        foreach (var phase in record.Phases.Where(p => p.Status is CyclePhaseStatus.Failed or CyclePhaseStatus.Partial))
        {
            problems.Add($"{phase.Phase} {phase.Status}: {string.Join("; ", phase.Problems)}");
        }

        var verdicts = record.Phases.FirstOrDefault(p => p.Phase == CyclePhases.Decision)?.Findings.Count(f => f.Check == "verdict") ?? 0;
        if (verdicts != services)
        {
            problems.Add($"{verdicts} verdict(s) for {services} candidate(s)");
        }

        var api = record.Phases.FirstOrDefault(p => p.Phase == CyclePhases.Integration)?.Findings.Where(f => f.Check == "integration.api").ToList() ?? [];
        if (api.Count != services || api.Any(f => f.Status != "PASS"))
        {
            problems.Add($"integration.api: {string.Join(", ", api.Select(f => $"{f.Service} {f.Status}"))}");
        }

        return problems;
    }

    private static string Row(string label, Timing t)
    {
        var phases = Columns.Select(c => t.Phases.TryGetValue(c.Phase, out var d) ? $"{d.TotalSeconds,9:0.000}" : $"{"-",9}");
        return string.Create(CultureInfo.InvariantCulture, $"{label,-9} {t.Wall.TotalSeconds,6:0.000}  {string.Join(" ", phases)}  {t.Other.TotalSeconds,9:0.000}");
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Size(string path) => File.Exists(path) ? (new FileInfo(path).Length / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture) : "0";

    /// <summary>One run: its wall time, each phase's own time (from the cycle's record) and the rest.</summary>
    private sealed record Timing(TimeSpan Wall, IReadOnlyDictionary<string, TimeSpan> Phases, TimeSpan Other);

    /// <summary>The services as a gateway's route table lists them, fixed for the benchmark.</summary>
    private sealed class FixedServices(IReadOnlyList<CycleService> services) : ICycleServices
    {
        public ValueTask<IReadOnlyList<CycleService>> ListAsync(CancellationToken cancellationToken) => ValueTask.FromResult(services);
    }
}
