using BenchmarkDotNet.Attributes;
using Warden.Core.Evidence;
using Warden.Core.Telemetry;

namespace Warden.Benchmarks;

/// <summary>Reading request telemetry. Target: ≥ 1 million JSONL lines per second.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class TelemetryReadBenchmarks
{
    public const int Lines = 1_000_000;
    private byte[] _jsonl = [];
    private byte[] _csv = [];
    private string _file = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _jsonl = SyntheticData.TelemetryJsonl(Lines);
        _csv = SyntheticData.TelemetryCsv(Lines);
        _file = Path.Combine(Path.GetTempPath(), "warden-bench-telemetry.jsonl");
        File.WriteAllBytes(_file, _jsonl);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_file);

    /// <summary>1,000,000 JSONL lines from memory: parse, validate, hash.</summary>
    [Benchmark(Baseline = true)]
    public long JsonlFromMemory() => Read(new MemoryStream(_jsonl), TelemetryFormat.JsonLines);

    /// <summary>The same 1,000,000 lines from a file on disk (page cache warm).</summary>
    [Benchmark]
    public long JsonlFromFile()
    {
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, TelemetryFormat.JsonLines);
    }

    /// <summary>1,000,000 CSV lines from memory.</summary>
    [Benchmark]
    public long CsvFromMemory() => Read(new MemoryStream(_csv), TelemetryFormat.Csv);

    /// <summary>JSONL read plus the per-version aggregation <c>warden stats</c> does.</summary>
    [Benchmark]
    public long JsonlIntoStats()
    {
        var aggregator = new TelemetryAggregator(ErrorClassifier.Default);
        TelemetryReader.Read(new MemoryStream(_jsonl), "bench.jsonl", TelemetryFormat.JsonLines, ReadMode.Strict, r => aggregator.Add(r));
        return aggregator.Summarize(0.95, []).Count;
    }

    private static long Read(Stream stream, TelemetryFormat format)
    {
        long count = 0;
        var result = TelemetryReader.Read(stream, "bench", format, ReadMode.Strict, _ => count++);
        return result.Evidence.RecordCount + count;
    }
}
