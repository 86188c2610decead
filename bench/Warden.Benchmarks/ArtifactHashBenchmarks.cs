using BenchmarkDotNet.Attributes;
using Warden.Registry;

namespace Warden.Benchmarks;

/// <summary>
/// <c>warden registry add</c> / <c>verify</c> / <c>checkpoint verify</c> hash throughput: a 1 GiB
/// file streamed through <see cref="ArtifactHasher"/>. MB/s = 1024 / mean seconds. The file sits
/// in the page cache after the first pass, so this measures the hash path, not the disk.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ArtifactHashBenchmarks
{
    private const long Size = 1L << 30;
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "warden-bench-artifact-1gib.bin");
        if (File.Exists(_path) && new FileInfo(_path).Length == Size)
        {
            return;
        }

        var random = new Random(20261122);
        var block = new byte[1 << 20];
        using var stream = File.Create(_path);
        for (long written = 0; written < Size; written += block.Length)
        {
            random.NextBytes(block);
            stream.Write(block);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark]
    public string Sha256OneGiB() => ArtifactHasher.Hash(_path).Sha256;
}
