using BenchmarkDotNet.Attributes;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Sqlite;

namespace Warden.Benchmarks;

/// <summary>
/// Durable audit appends, 2 concurrent producers, on a real SQLite file (WAL, synchronous=FULL) and
/// on a PostgreSQL server (<see cref="BenchStore.PostgresVariable"/>; fsync and synchronous_commit
/// on). Every iteration starts on a fresh, empty store (a new data directory, a new schema), removed
/// after it. Target: ≥ 5,000 durable events/s with group commit.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AuditAppendBenchmarks
{
    private const int EventsPerProducer = 1_000;
    private const int Producers = 2;

    private BenchStore? _bench;
    private IWardenStore? _store;
    private IWardenStore[] _producerStores = [];

    /// <summary>The store: <c>sqlite</c> or <c>postgres</c>.</summary>
    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    /// <summary>Events per transaction: 0 is one <c>IWardenStore.WriteAsync</c> per event from each producer (what a CLI command does); otherwise the <see cref="AuditWriter"/>'s MaxBatch.</summary>
    [Params(0, 1, 64, 512)]
    public int Batch { get; set; }

    // Synchronous: BenchmarkDotNet runs iteration hooks as plain calls.
    [IterationSetup]
    public void Setup() => SetupAsync().AsTask().GetAwaiter().GetResult();

    [IterationCleanup]
    public void Cleanup() => CleanupAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>2 producers × 1,000 durable appends; reported per event.</summary>
    [Benchmark(OperationsPerInvoke = Producers * EventsPerProducer)]
    public async Task<long> DurableAppend()
    {
        var store = _store!;
        if (Batch == 0)
        {
            // Each producer is its own process in real life (a CLI command): its own connection, one transaction per event.
            var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
            {
                var own = _producerStores[p];
                for (var i = 0; i < EventsPerProducer; i++)
                {
                    var draft = Draft(p, i);
                    await own.WriteAsync((tx, ct) => tx.Audit.AppendAsync(draft, ct));
                }
            })).ToArray();
            await Task.WhenAll(producers);
        }
        else
        {
            var writer = new AuditWriter(store, new AuditWriterOptions { MaxBatch = Batch });
            writer.Start();
            var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
                Task.WhenAll(Enumerable.Range(0, EventsPerProducer).Select(i => writer.AppendAsync(Draft(p, i)))))).ToArray();
            await Task.WhenAll(producers);
            await writer.DisposeAsync();
        }

        return await store.ReadAsync(async (tx, ct) => (await tx.Audit.HeadAsync(ct))!.Sequence);
    }

    private async ValueTask SetupAsync()
    {
        _bench = await BenchStore.CreateAsync(Store);
        _store = await _bench.OpenAsync();
        _producerStores = new IWardenStore[Producers];
        for (var p = 0; p < Producers; p++)
        {
            _producerStores[p] = await _bench.OpenAsync();
        }
    }

    private async ValueTask CleanupAsync()
    {
        foreach (var store in _producerStores)
        {
            await store.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_bench is not null)
        {
            await _bench.DisposeAsync();
        }
    }

    /// <summary>Writes <paramref name="events"/> realistic events to a new log in <paramref name="dataDirectory"/>, in one transaction.</summary>
    public static async Task WriteLogAsync(string dataDirectory, int events)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = dataDirectory });
        await store.WriteAsync(async (tx, ct) =>
        {
            for (var i = 0; i < events; i++)
            {
                await tx.Audit.AppendAsync(Draft(i % 7, i), ct);
            }

            return 0;
        });
    }

    private static AuditEventDraft Draft(int producer, int i) => new()
    {
        Actor = producer % 2 == 0 ? "ci@build-7" : "ana@ops",
        Action = (i % 4) switch { 0 => AuditActions.RouteChange, 1 => AuditActions.Register, 2 => AuditActions.AliasMove, _ => AuditActions.VerdictRecorded },
        Subject = $"model:ranker@v{i % 50}",
        DeploymentId = i % 3 == 0 ? null : $"dep-2026-11-22-{i % 1000:D4}",
        EvidenceIds = i % 2 == 0 ? ["ev:0a1b2c3d4e5f", "ev:99887766aabb"] : [],
        Payload = $$"""{"route":"search","canary_bp":{{i % 10_000}},"reason":"step {{i % 5}} of the rollout plan","producer":{{producer}}}""",
    };
}
