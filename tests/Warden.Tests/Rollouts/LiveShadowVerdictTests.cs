using Microsoft.Extensions.Logging.Abstractions;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Statistics;
using Warden.Core.Traffic;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Support;

namespace Warden.Tests.Rollouts;

/// <summary>
/// The live verdict that ends a shadow phase, on the sample GO bundle (registered as the demo
/// registers it): the shadow's own latency, errors and score correlation with the bundle's ranking
/// evidence, recorded under the rollout's deployment, decide whether the canary starts.
/// </summary>
public sealed class LiveShadowVerdictTests : IAsyncLifetime
{
    private static readonly RolloutPlan Plan = new()
    {
        Shadow = new CanaryStep { WeightPercent = 0, MinRequests = 1000, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        Steps = [new CanaryStep { WeightPercent = 5 }],
        EvidencePath = RepoPaths.Sample("bundle-go.yaml"),
    };

    private readonly RegistryFixture _f = new();
    private readonly VerdictPolicy _policy = new();
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        foreach (var v in new[] { "v1", "v2" })
        {
            var add = _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.weights.json", File.ReadAllText(RepoPaths.Sample("models", $"{v}.weights.json"))), "--env", _f.Artifact($"{v}.env.json", File.ReadAllText(RepoPaths.Sample("env", $"{v}.json"))));
            Assert.True(add.ExitCode == 0, add.Error);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first production").ExitCode);
        Assert.Equal(0, _f.Run("checkpoint", "verify", "ranker", "v1").ExitCode);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _f.DataDir, Time = _f.Time });
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _f.Dispose();
    }

    [Theory]
    // Scores barely related to production's (0.80, CI 0.78–0.82): the candidate is a new model → GO → first step.
    [InlineData(0.80, 0.78, 0.82, "GO", RolloutPhase.Canary, false)]
    // No score pair seen: the correlation is inconclusive → SHADOW ONLY → paused for a human.
    [InlineData(double.NaN, double.NaN, double.NaN, "SHADOW ONLY", RolloutPhase.Shadow, true)]
    public async Task Tick_ShadowComplete_LiveVerdictRecordedAndDecides(double r, double low, double high, string outcome, RolloutPhase phase, bool paused)
    {
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        var rollout = await RolloutOperations.StartAsync(_store, new RolloutStart { Service = "ranker", Candidate = "v2", Plan = Plan, Actor = "alice", VerdictMaxAge = _policy.VerdictMaxAge });
        await WriteWindowsAsync(TrafficArm.Shadow, "v2");
        await WriteWindowsAsync(TrafficArm.Production, "v1");
        _f.Time.Advance(TimeSpan.FromSeconds(10));
        var scores = double.IsNaN(r) ? null : new Estimate { Value = r, Low = low, High = high, Method = "pearson-fisher-z", SampleSize = 2000 };

        await Controller(scores).TickAsync(default);

        var state = (await RolloutOperations.LatestAsync(_store, "ranker"))!.State;
        var events = await _store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(rollout.Id, ct));
        Assert.True(state.Phase == phase && state.Paused == paused, $"{state}: {events[^1].DetailJson}");
        var verdicts = await _store.ReadAsync((tx, ct) => tx.Verdicts.ForCandidateAsync("ranker", "v2", ct));
        Assert.Equal(["GO", outcome], verdicts.Select(v => v.Outcome));
        Assert.Equal("dep-v2", verdicts[^1].DeploymentId);
        var history = await _store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(rollout.Id, ct));
        Assert.Equal("verdict", history[^1].Input);
        Assert.Contains("\"shadow_requests\":2000", history[^1].DetailJson, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_f.DataDir, "reports", "dep-v2"), "deployment_verdict.md", SearchOption.AllDirectories));
    }

    private RolloutController Controller(Estimate? correlation) => new(
        _store,
        new RecordingTrafficProvider("ranker", new TrafficRoute("v1", null, 0, null)),
        new BundleOfflineEvidence(_store, _policy, _f.Time),
        new FixedScores(correlation),
        new RolloutControllerOptions
        {
            Rollouts = new RolloutOptions(),
            Policy = _policy,
            Holder = "server-a",
            ReportsDirectory = Path.Combine(_f.DataDir, "reports"),
        },
        _f.Time,
        NullLogger.Instance);

    // 2,000 requests over the next 10 s, 10–20 ms, no errors.
    private async Task WriteWindowsAsync(TrafficArm arm, string version)
    {
        var start = _f.Time.GetUtcNow();
        var windows = Enumerable.Range(0, 10).Select(second =>
        {
            var buckets = new LatencyBuckets();
            for (var i = 0; i < 200; i++)
            {
                buckets.Add(10 + (10.0 * i / 200));
            }

            return new TelemetryWindow
            {
                Service = "ranker",
                Version = version,
                Arm = arm,
                Start = start.AddSeconds(second),
                Requests = 200,
                Errors = 0,
                ErrorsByClass = new Dictionary<string, long>(),
                RequestBytes = 0,
                ResponseBytes = 0,
                Latency = buckets.ToHistogram(),
            };
        }).ToList();
        await _store.WriteAsync(async (tx, ct) =>
        {
            await tx.TelemetryWindows.WriteAsync(windows, ct);
            return 0;
        });
    }

    private sealed class FixedScores(Estimate? correlation) : IShadowScores
    {
        public Estimate? Correlation(string service, string shadowVersion, double confidence) => correlation;
    }
}
