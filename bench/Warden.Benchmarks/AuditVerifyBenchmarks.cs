using BenchmarkDotNet.Attributes;
using Warden.Audit;
using Warden.Storage;
using Warden.Storage.Copying;

namespace Warden.Benchmarks;

/// <summary>
/// <c>audit verify</c> over 1,000,000 events, on a real SQLite file and on a PostgreSQL server
/// (<see cref="BenchStore.PostgresVariable"/>). The log is written once per case (to PostgreSQL by
/// the binary COPY of <c>warden store migrate</c>, from a SQLite log written the same way) into a
/// fresh store, removed after the case. Target: under 3 s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AuditVerifyBenchmarks
{
    public const int Events = 1_000_000;
    private BenchStore? _bench;
    private IWardenStore? _store;

    /// <summary>The store: <c>sqlite</c> or <c>postgres</c>.</summary>
    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    [GlobalSetup]
    public async Task Setup()
    {
        _bench = await BenchStore.CreateAsync(Store);
        if (Store == "sqlite")
        {
            await AuditAppendBenchmarks.WriteLogAsync(_bench.DataDirectory!, Events);
            _store = await _bench.OpenAsync();
            return;
        }

        await using var written = await BenchStore.CreateAsync("sqlite");
        await AuditAppendBenchmarks.WriteLogAsync(written.DataDirectory!, Events);
        _store = await _bench.OpenAsync();
        await using var source = await written.OpenAsync();
        await ((IStoreTables)source).SnapshotAsync(
            async (snapshot, ct) =>
            {
                await ((IStoreTables)_store).ImportAsync(snapshot, null, ct);
                return 0;
            },
            CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_bench is not null)
        {
            await _bench.DisposeAsync();
        }
    }

    /// <summary>What <c>warden audit verify</c> does: stream, hash, link, compare with the head, then check the state rows against their events.</summary>
    [Benchmark]
    public async Task<long> Verify()
    {
        var result = await _store!.ReadAsync((tx, ct) => AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, cancellationToken: ct));
        return result.Intact ? result.Events : throw new InvalidOperationException(result.Problem);
    }
}
