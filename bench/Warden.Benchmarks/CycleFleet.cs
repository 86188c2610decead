using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Cli;
using Warden.Core.Traffic;
using Warden.Cycle;
using Warden.Gateway.Telemetry;
using Warden.Hosting;
using Warden.Storage.Sqlite;

namespace Warden.Benchmarks;

/// <summary>What the <c>cycle</c> benchmark's fleet holds.</summary>
/// <param name="Services">Services, each with v0 (previous), v1 (production) and v2 (the candidate, shadowed).</param>
/// <param name="ArtifactBytes">Size of each version's artifact file.</param>
/// <param name="RequestsPerSecond">Mean production requests per second of each service (Poisson); v2 gets a mirror of each.</param>
/// <param name="Window">The telemetry window a cycle reads (cycle.window; the default is the 1 h interval).</param>
/// <param name="HistoryHours">Hours of v1's production telemetry before the window (a version that has served for a while).</param>
/// <param name="Ahead">How far past set-up the telemetry runs, so that every run's window is full.</param>
internal sealed record FleetShape(int Services, long ArtifactBytes, double RequestsPerSecond, TimeSpan Window, int HistoryHours, TimeSpan Ahead);

/// <summary>
/// A fresh data directory for the <c>cycle</c> benchmark, built the way an operator's is: artifact
/// files and environment manifests on disk; <c>warden registry add</c> (sha256 computed by the
/// registry) and <c>warden registry alias</c> run in-process for every version, leaving v0 as
/// <c>previous</c> and v1 as <c>production</c>; telemetry windows recorded by the gateway's own
/// <see cref="TrafficRecorder"/> request by request and flushed by its <see cref="TelemetryFlusher"/>
/// into the store every 5 s of traffic over the cycle's window (<see cref="StoreWindowSink"/>, one
/// transaction per flush); and a metadata server per backend (<see cref="MetadataBackends"/>).
/// </summary>
internal sealed class CycleFleet : IAsyncDisposable
{
    public const string Previous = "v0";
    public const string Production = "v1";
    public const string Candidate = "v2";
    public const string Actor = "cyclebench";

    private static readonly string[] Versions = [Previous, Production, Candidate];

    private CycleFleet(string folder, SqliteStore store, MetadataBackends backends, IReadOnlyList<CycleService> services)
    {
        Folder = folder;
        Store = store;
        Backends = backends;
        Services = services;
    }

    /// <summary>The temporary folder holding everything (artifacts, data, reports).</summary>
    public string Folder { get; }

    /// <summary>The data directory (warden.db).</summary>
    public string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>Where each cycle's reports go.</summary>
    public string Reports => Path.Combine(Folder, "reports");

    public SqliteStore Store { get; }

    public MetadataBackends Backends { get; }

    /// <summary>The services as the gateway's route table would list them: backends v0, v1, v2; production v1; shadow v2.</summary>
    public IReadOnlyList<CycleService> Services { get; }

    /// <summary>What the telemetry set-up wrote, for its summary line.</summary>
    public TelemetryTally Telemetry { get; private set; } = new();

    /// <summary>The telemetry's last second: runs that start later read a window that is not full.</summary>
    public DateTimeOffset TelemetryEnd { get; private set; }

    public static async Task<CycleFleet> CreateAsync(FleetShape shape, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("warden-cycle-bench.").FullName;
        var names = Enumerable.Range(0, shape.Services).Select(i => $"ranker-{i:00}").ToList();
        var clock = Stopwatch.StartNew();
        SqliteStore? store = null;
        MetadataBackends? backends = null;
        try
        {
            WriteArtifacts(folder, names, shape.ArtifactBytes);
            log.WriteLine($"  artifacts        {names.Count * Versions.Length} files of {shape.ArtifactBytes / 1_048_576.0:0.#} MiB + environment manifests ({clock.Elapsed.TotalSeconds:0.0} s)");

            clock.Restart();
            Register(folder, names);
            log.WriteLine($"  registry         {names.Count * Versions.Length} versions added, production {Previous} then {Production} (override) per service, through the CLI in-process ({clock.Elapsed.TotalSeconds:0.0} s)");

            store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = Path.Combine(folder, "data") });
            clock.Restart();
            backends = await MetadataBackends.StartAsync([.. names.SelectMany(n => Versions.Select(v => (n, v)))]);
            var services = names.Select(n => new CycleService(n, Versions.ToDictionary(v => v, v => backends.Addresses[(n, v)], StringComparer.Ordinal), Production, Candidate)).ToList();
            log.WriteLine($"  metadata         {backends.Addresses.Count} Kestrel listeners on 127.0.0.1 ({clock.Elapsed.TotalSeconds:0.0} s)");

            var fleet = new CycleFleet(folder, store, backends, services);
            clock.Restart();
            await fleet.RecordTelemetryAsync(names, shape);
            var t = fleet.Telemetry;
            log.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  telemetry        {t.Windows:N0} windows ({t.Requests:N0} requests) in {t.Flushes:N0} flushes ({clock.Elapsed.TotalSeconds:0.0} s); per service in a cycle's window: {t.ProductionInWindow / names.Count:N0} production requests on {Production}, {t.ShadowInWindow / names.Count:N0} mirrored to {Candidate}; {shape.HistoryHours} h of earlier {Production} history, 1 h of {Previous} before it"));
            return fleet;
        }
        catch
        {
            if (backends is not null)
            {
                await backends.DisposeAsync();
            }

            if (store is not null)
            {
                await store.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    // Seeded bytes per version (so every sha256 differs and a rerun writes the same files), and a
    // manifest that declares the artifact's sha256 as a training job would.
    private static void WriteArtifacts(string folder, IReadOnlyList<string> names, long bytes)
    {
        var artifacts = Directory.CreateDirectory(Path.Combine(folder, "artifacts")).FullName;
        var buffer = new byte[1 << 20];
        for (var s = 0; s < names.Count; s++)
        {
            for (var v = 0; v < Versions.Length; v++)
            {
                var random = new Random((s * 16) + v);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using (var file = File.Create(Path.Combine(artifacts, $"{names[s]}-{Versions[v]}.bin")))
                {
                    for (var left = bytes; left > 0; left -= buffer.Length)
                    {
                        var chunk = buffer.AsSpan(0, (int)Math.Min(buffer.Length, left));
                        random.NextBytes(chunk);
                        hash.AppendData(chunk);
                        file.Write(chunk);
                    }
                }

                File.WriteAllText(Path.Combine(artifacts, $"{names[s]}-{Versions[v]}.env.json"), JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["runtime"] = "dotnet 10.0.12 / warden-sample-ranker 0.1.0",
                    ["os"] = "debian 12 (bookworm) x86_64",
                    ["lock_hash"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"lock {names[s]} {Versions[v]}"))),
                    ["artifact_sha256"] = Convert.ToHexStringLower(hash.GetHashAndReset()),
                }));
            }
        }
    }

    private static void Register(string folder, IReadOnlyList<string> names)
    {
        var artifacts = Path.Combine(folder, "artifacts");
        var data = Path.Combine(folder, "data");
        foreach (var name in names)
        {
            foreach (var version in Versions)
            {
                Cli("registry", "add", name, version, "--artifact", Path.Combine(artifacts, $"{name}-{version}.bin"), "--env", Path.Combine(artifacts, $"{name}-{version}.env.json"),
                    "--run-id", $"run-{name}-{version}", "--allow-root", artifacts, "--data-dir", data, "--actor", Actor);
            }

            Cli("registry", "alias", name, "production", Previous, "--override", "--reason", "first production", "--data-dir", data, "--actor", Actor);
            Cli("registry", "alias", name, "production", Production, "--override", "--reason", $"{Production} replaces {Previous}", "--data-dir", data, "--actor", Actor);
        }
    }

    private static void Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = WardenCli.RunAsync(args, CliEnvironment.Plain(output, error)).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"warden {string.Join(' ', args)} exited {code}: {error}{output}");
        }
    }

    // Second by second on a clock of its own: v0 in production for an hour, then v1 (history, then the
    // cycle's window and Ahead past it) with every request mirrored to v2 from the window's start.
    // The recorder puts each request in the second its clock shows, as the gateway does.
    private async Task RecordTelemetryAsync(IReadOnlyList<string> names, FleetShape shape)
    {
        var end = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) + shape.Ahead;
        var windowStart = end - shape.Ahead - shape.Window;
        var v1Start = windowStart - TimeSpan.FromHours(shape.HistoryHours);
        var v0Start = v1Start - TimeSpan.FromHours(1);
        var clock = new SteppedClock(v0Start);
        var recorder = new TrafficRecorder(clock, new TelemetryOptions());
        var flusher = new TelemetryFlusher(recorder, [new StoreWindowSink(Store)], clock, NullLogger.Instance);
        var random = new Random(7);
        var tally = new TelemetryTally();
        for (var at = v0Start; at < end; at += TimeSpan.FromSeconds(1))
        {
            clock.Now = at;
            var inWindow = at >= windowStart && at < end - shape.Ahead;
            foreach (var name in names)
            {
                var production = at < v1Start ? Previous : Production;
                var shadow = at >= windowStart;
                for (var n = Poisson(random, shape.RequestsPerSecond); n > 0; n--)
                {
                    recorder.RequestCompleted(Outcome(random, name, production, TrafficArm.Production, at, median: production == Previous ? 24 : 22, errorRate: 0.002));
                    tally.Requests++;
                    tally.ProductionInWindow += inWindow ? 1 : 0;
                    if (shadow)
                    {
                        recorder.RequestCompleted(Outcome(random, name, Candidate, TrafficArm.Shadow, at, median: 21, errorRate: 0.002));
                        tally.Requests++;
                        tally.ShadowInWindow += inWindow ? 1 : 0;
                    }
                }
            }

            // The flusher's default interval: every 5 s of traffic, the windows completed so far. Before
            // the window every 5 minutes instead (the same rows, fewer commits), so that days of history
            // are written in minutes; the recorder's 30-minute ring still holds them all.
            if (at.ToUnixTimeSeconds() % (at < windowStart ? 300 : 5) == (at < windowStart ? 299 : 4))
            {
                clock.Now = at + TimeSpan.FromSeconds(1);
                tally.Windows += await flusher.FlushOnceAsync();
                tally.Flushes++;
            }
        }

        clock.Now = end;
        tally.Windows += await flusher.FlushOnceAsync(includeCurrent: true);
        tally.Flushes++;
        if (flusher.SinkFailures > 0)
        {
            throw new InvalidOperationException($"{flusher.SinkFailures} telemetry flushes into the store failed.");
        }

        Telemetry = tally;
        TelemetryEnd = end;
    }

    // Latency log-normal around the median (σ 0.35, as the other benches), errors as 503s; the
    // gateway judges production answers against the compliance labels (97 % compliant).
    private static RequestOutcome Outcome(Random random, string service, string version, TrafficArm arm, DateTimeOffset at, double median, double errorRate)
    {
        var failed = random.NextDouble() < errorRate;
        return new RequestOutcome
        {
            Service = service,
            Version = version,
            Arm = arm,
            Start = at,
            LatencyMs = SyntheticData.LogNormal(random, median, 0.35),
            Status = failed ? 503 : 200,
            Error = failed ? "5xx" : null,
            RequestBytes = 420,
            ResponseBytes = 1_150,
            Compliant = arm == TrafficArm.Production && !failed ? random.NextDouble() < 0.97 : null,
        };
    }

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    public async ValueTask DisposeAsync()
    {
        await Backends.DisposeAsync();
        await Store.DisposeAsync();
    }

    /// <summary>What the telemetry set-up wrote.</summary>
    internal sealed class TelemetryTally
    {
        public long Windows { get; set; }

        public long Flushes { get; set; }

        public long Requests { get; set; }

        public long ProductionInWindow { get; set; }

        public long ShadowInWindow { get; set; }
    }

    /// <summary>A clock the set-up moves by hand (the recorder's windows follow it).</summary>
    private sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
