using BenchmarkDotNet.Attributes;
using Warden.Audit;
using Warden.Storage.Sqlite;

namespace Warden.Benchmarks;

/// <summary><c>audit verify</c> over 1,000,000 events on a real SQLite file. Target: under 3 s.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class AuditVerifyBenchmarks
{
    public const int Events = 1_000_000;
    private string _dir = string.Empty;
    private SqliteStore? _store;

    [GlobalSetup]
    public async Task Setup()
    {
        _dir = Directory.CreateTempSubdirectory("warden-bench-verify-").FullName;
        await AuditAppendBenchmarks.WriteLogAsync(_dir, Events);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _dir });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>What <c>warden audit verify</c> does: stream, hash, link, compare with the head, then check the state rows against their events.</summary>
    [Benchmark]
    public async Task<long> Verify()
    {
        var result = await _store!.ReadAsync((tx, ct) => AuditChainVerifier.VerifyWithStateAsync(tx.Audit, tx.Rows, cancellationToken: ct));
        return result.Intact ? result.Events : throw new InvalidOperationException(result.Problem);
    }
}
