using Microsoft.Extensions.Logging.Abstractions;
using Warden.Core.Bundle;
using Warden.Core.Cycle;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Cycle;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Cycle;

/// <summary>
/// A heartbeat cycle on a fake clock and a real SQLite store (registry, telemetry windows, audit
/// log, leases), with fakes behind its narrow ports only: the services list, the backends'
/// metadata and the route table. Service <c>ranker</c>: v1 (production, registered), v2 (a
/// candidate), v0 (the registry's previous).
/// </summary>
internal sealed class CycleRig : IAsyncDisposable
{
    public const string Holder = "server-a";

    private CycleRig(RegistryFixture registry, SqliteStore store)
    {
        Registry = registry;
        Store = store;
    }

    public RegistryFixture Registry { get; }

    public SqliteStore Store { get; }

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Time => Registry.Time;

    public FakeServices Services { get; } = new();

    public FakeMetadata Metadata { get; } = new();

    public RecordingTrafficProvider Traffic { get; } = new("ranker", new TrafficRoute("v1", null, 0, "v2"));

    public string Reports => Registry.Dir.File("reports");

    public static async Task<CycleRig> StartAsync(bool registered = true)
    {
        var registry = new RegistryFixture();
        if (registered)
        {
            foreach (var version in new[] { "v0", "v1", "v2" })
            {
                Assert.Equal(0, registry.Run("registry", "add", "ranker", version, "--artifact", registry.Artifact($"{version}.bin", $"weights {version}")).ExitCode);
            }

            Assert.Equal(0, registry.Run("registry", "alias", "ranker", "production", "v0", "--override", "--reason", "first production").ExitCode);
            Assert.Equal(0, registry.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "v1 replaces v0").ExitCode);
        }

        var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = registry.DataDir, Time = registry.Time });
        return new CycleRig(registry, store);
    }

    public HeartbeatCycle Cycle(CycleOptions? cycle = null, VerdictPolicy? policy = null, string holder = Holder, RolloutOptions? rollouts = null) => new(
        Store,
        new CyclePorts { Services = Services, Metadata = Metadata, Traffic = Traffic },
        new HeartbeatCycleOptions
        {
            Cycle = cycle ?? new CycleOptions(),
            Policy = policy ?? new VerdictPolicy(),
            Rollouts = rollouts ?? new RolloutOptions(),
            Holder = holder,
            ReportsDirectory = Reports,
        },
        Time,
        NullLogger.Instance);

    /// <summary>Production's (or another arm's) traffic: <paramref name="requests"/> over one telemetry window at <paramref name="at"/>, each <paramref name="latencyMs"/> ms.</summary>
    public async Task WindowAsync(string version, TrafficArm arm, DateTimeOffset at, long requests, long errors, double latencyMs, long judged = 0, long compliant = 0)
    {
        var latency = new LatencyBuckets();
        for (var i = 0; i < requests; i++)
        {
            latency.Add(latencyMs);
        }

        var window = new TelemetryWindow
        {
            Service = "ranker",
            Version = version,
            Arm = arm,
            Start = at,
            Requests = requests,
            Errors = errors,
            ErrorsByClass = errors > 0 ? new Dictionary<string, long> { ["5xx"] = errors } : new Dictionary<string, long>(),
            RequestBytes = 0,
            ResponseBytes = 0,
            ComplianceJudged = judged,
            ComplianceOk = compliant,
            Latency = latency.ToHistogram(),
        };
        await Store.WriteAsync(
            async (tx, ct) =>
            {
                await tx.TelemetryWindows.WriteAsync([window], ct);
                return 0;
            });
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Registry.Dispose();
    }

    /// <summary>The services the test sets; throws <see cref="Failure"/> when set.</summary>
    internal sealed class FakeServices : ICycleServices
    {
        public List<CycleService> List { get; } =
        [
            new("ranker", new Dictionary<string, Uri> { ["v1"] = new("http://127.0.0.1:1/"), ["v2"] = new("http://127.0.0.1:2/"), ["v0"] = new("http://127.0.0.1:3/") }, "v1", "v2"),
        ];

        public Exception? Failure { get; set; }

        public int Calls { get; private set; }

        public ValueTask<IReadOnlyList<CycleService>> ListAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Failure is { } failure ? ValueTask.FromException<IReadOnlyList<CycleService>>(failure) : ValueTask.FromResult<IReadOnlyList<CycleService>>([.. List]);
        }
    }

    /// <summary>Metadata by backend address; a backend not listed does not answer.</summary>
    internal sealed class FakeMetadata : IModelMetadataSource
    {
        public Dictionary<string, ModelMetadata> ByBackend { get; } = new(StringComparer.Ordinal)
        {
            ["http://127.0.0.1:1/"] = Ranker(),
            ["http://127.0.0.1:2/"] = Ranker(),
            ["http://127.0.0.1:3/"] = Ranker(),
        };

        public ValueTask<ModelMetadata> FetchAsync(Uri backend, string model, CancellationToken cancellationToken) =>
            ByBackend.TryGetValue(backend.ToString(), out var metadata)
                ? ValueTask.FromResult(metadata)
                : ValueTask.FromException<ModelMetadata>(new CycleStepException($"GET {backend}v2/models/{model} failed: Connection refused"));

        public static ModelMetadata Ranker(string outputType = "FP32") => new()
        {
            Name = "ranker",
            Inputs = [new TensorSpec("query", "BYTES", [-1])],
            Outputs = [new TensorSpec("scores", outputType, [-1])],
        };
    }
}
