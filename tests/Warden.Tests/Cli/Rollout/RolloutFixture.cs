using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Rollout;

/// <summary>
/// A registry with ranker v1, v2 and v3 and a warden.yaml, the CLI run against them in-process
/// on a fake clock; plus what only <c>warden serve</c> would write: telemetry windows, and one
/// look of the real rollout controller (over no traffic provider: these tests read the store).
/// </summary>
internal sealed class RolloutFixture : IDisposable
{
    private static readonly HashSet<string> TakeConfig = ["start", "status", "pause", "resume", "promote", "abort", "approve"];

    public RolloutFixture(string? config = null)
    {
        ConfigPath = Registry.Dir.File("warden.yaml");
        File.WriteAllText(ConfigPath, config ?? "policy:\n  verdict_max_age_days: 7\n");
        foreach (var v in new[] { "v1", "v2", "v3" })
        {
            var add = Registry.Run("registry", "add", "ranker", v, "--artifact", Registry.Artifact($"{v}.bin", $"weights-{v}"));
            Assert.True(add.ExitCode == 0, add.Error);
        }
    }

    public RegistryFixture Registry { get; } = new();

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Registry.Time;

    public string ConfigPath { get; }

    /// <summary>Runs warden with --data-dir, --actor tester, and --config for the rollout commands that read it.</summary>
    public CliRun Run(params string[] args) =>
        Registry.Run(WithEvidence(args is ["rollout", var verb, ..] && TakeConfig.Contains(verb) ? [.. args, "--config", ConfigPath] : args));

    // A rollout needs the candidate's offline evidence; the sample GO bundle unless a test names one (or a plan does).
    private string[] WithEvidence(string[] args) =>
        args is ["rollout", "start", ..] && !args.Contains("--evidence") && !File.ReadAllText(ConfigPath).Contains("evidence:", StringComparison.Ordinal)
            ? [.. args, "--evidence", Warden.Tests.Support.RepoPaths.Sample("bundle-go.yaml")]
            : args;

    /// <summary>Points production at <paramref name="version"/> by an override.</summary>
    public void Production(string version)
    {
        var run = Registry.Run("registry", "alias", "ranker", "production", version, "--override", "--reason", "test setup");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    public Task RecordVerdictAsync(string deployment, string candidate, string baseline, string outcome = "GO") =>
        Registry.RecordVerdictAsync(deployment, candidate, baseline, outcome);

    /// <summary>Production v1 and a recorded verdict for v2 against it, then <c>rollout start ranker v2</c>.</summary>
    public async Task<CliRun> StartAsync(string outcome = "GO")
    {
        Production("v1");
        await RecordVerdictAsync("dep-v2", "v2", "v1", outcome);
        var run = Run("rollout", "start", "ranker", "v2");
        Assert.True(run.ExitCode == 0, run.Error);
        return run;
    }

    /// <summary>The actions of the audit events about ranker's rollouts, oldest first, as 'warden audit list --json' gives them.</summary>
    public IReadOnlyList<string> RolloutAuditActions()
    {
        var run = Run("audit", "list", "--subject", "rollout:ranker", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        return [.. JsonNode.Parse(run.Out)!["events"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];
    }

    /// <summary>Rows of a table, to show a refused command wrote nothing.</summary>
    public long Count(string table) => Registry.Count(table);

    /// <summary>The production alias's version and the previous alias's, from 'registry show --json'.</summary>
    public (string? Production, string? Previous) Aliases()
    {
        var run = Run("registry", "show", "ranker", "--json");
        Assert.True(run.ExitCode == 0, run.Error);
        var aliases = JsonNode.Parse(run.Out)!["aliases"]!;
        return (aliases["production"]?.GetValue<string>(), aliases["previous"]?.GetValue<string>());
    }

    /// <summary>
    /// Writes one window per second for <paramref name="seconds"/> seconds from <paramref name="from"/>:
    /// <paramref name="perSecond"/> requests of <paramref name="version"/> on <paramref name="arm"/>,
    /// latencies spread evenly over [<paramref name="fromMs"/>, <paramref name="toMs"/>), <paramref name="errorsPerSecond"/> failed.
    /// </summary>
    public async Task<IReadOnlyList<TelemetryWindow>> WriteWindowsAsync(
        string version, TrafficArm arm, DateTimeOffset from, int seconds, int perSecond, double fromMs, double toMs, int errorsPerSecond = 0)
    {
        var windows = new List<TelemetryWindow>();
        for (var s = 0; s < seconds; s++)
        {
            var buckets = new LatencyBuckets();
            for (var i = 0; i < perSecond; i++)
            {
                buckets.Add(fromMs + ((toMs - fromMs) * i / perSecond));
            }

            windows.Add(new TelemetryWindow
            {
                Service = "ranker",
                Version = version,
                Arm = arm,
                Start = from.AddSeconds(s),
                Requests = perSecond,
                Errors = errorsPerSecond,
                ErrorsByClass = errorsPerSecond > 0 ? new Dictionary<string, long> { ["5xx"] = errorsPerSecond } : new Dictionary<string, long>(),
                RequestBytes = 0,
                ResponseBytes = 0,
                Latency = buckets.ToHistogram(),
            });
        }

        await using var store = await OpenAsync();
        await store.WriteAsync(async (tx, ct) =>
        {
            await tx.TelemetryWindows.WriteAsync(windows, ct);
            return 0;
        });
        return windows;
    }

    /// <summary>One look of the rollout controller, as 'warden serve' takes every interval (each rollout's stored plan, the default policy).</summary>
    public async Task ControllerLookAsync()
    {
        await using var store = await OpenAsync();
        var controller = new RolloutController(
            store,
            new NoTraffic(),
            offlineEvidence: null,
            shadowScores: null,
            new RolloutControllerOptions { Rollouts = new RolloutOptions(), Policy = new VerdictPolicy(), Holder = "controller-test", ReportsDirectory = Registry.Dir.File("reports") },
            Time,
            NullLogger.Instance);
        await controller.TickAsync(CancellationToken.None);
    }

    /// <summary>The JSON on standard output of a successful run.</summary>
    public static JsonNode Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonNode.Parse(run.Out) ?? throw new JsonException("empty output");
    }

    public void Dispose() => Registry.Dispose();

    private ValueTask<SqliteStore> OpenAsync() =>
        SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = Registry.DataDir, Time = Time });

    // 'warden serve' routes the traffic; these tests look only at what the controller stores.
    private sealed class NoTraffic : ITrafficProvider
    {
        public ValueTask<TrafficRoute?> CurrentAsync(string service, CancellationToken cancellationToken) => ValueTask.FromResult<TrafficRoute?>(null);

        public ValueTask<TrafficChange> ApplyAsync(string service, TrafficRoute route, TrafficGrounds grounds, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new TrafficChange(false, "no gateway in this test"));
    }
}
