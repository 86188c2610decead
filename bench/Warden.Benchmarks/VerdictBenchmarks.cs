using System.Globalization;
using BenchmarkDotNet.Attributes;
using Warden.Cli;

namespace Warden.Benchmarks;

/// <summary>
/// A whole verdict, as <c>warden verdict</c> runs it in-process: read and hash every file, compute
/// every estimate (bootstraps included), run the six reviewers, render both reports. Target:
/// 1 million requests per arm and 5,000 queries in under 2 s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VerdictBenchmarks
{
    public const int RequestsPerArm = 1_000_000;
    public const int Queries = 5_000;
    public const int DocsPerQuery = 100;
    private string _dir = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("warden-bench-verdict-").FullName;
        WriteBundle(_dir);
    }

    /// <summary>Writes the benchmark's bundle (evidence.yaml and its files) into <paramref name="dir"/>.</summary>
    public static void WriteBundle(string dir)
    {
        var samples = Path.Combine(FindRoot(), "samples");
        foreach (var sub in new[] { "meta", "env" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            foreach (var file in Directory.GetFiles(Path.Combine(samples, sub)))
            {
                File.Copy(file, Path.Combine(dir, sub, Path.GetFileName(file)));
            }
        }

        File.Copy(Path.Combine(samples, "rollback.json"), Path.Combine(dir, "rollback.json"));
        File.WriteAllBytes(Path.Combine(dir, "requests.jsonl"), SyntheticData.TelemetryJsonl(2 * RequestsPerArm));
        var (qrels, labels, runA, runB) = SyntheticData.Ranking(Queries, DocsPerQuery);
        File.WriteAllBytes(Path.Combine(dir, "qrels.txt"), qrels);
        File.WriteAllBytes(Path.Combine(dir, "compliance.qrels"), labels);
        File.WriteAllBytes(Path.Combine(dir, "v1.run"), runA);
        File.WriteAllBytes(Path.Combine(dir, "v2.run"), runB);
        File.WriteAllBytes(Path.Combine(dir, "v2-ablated.run"), runA);
        File.WriteAllText(Path.Combine(dir, "evidence.yaml"), string.Join('\n',
            "deployment_id: bench",
            "as_of: 2026-11-20T12:00:00Z",
            "judgments: { qrels: qrels.txt, compliance: compliance.qrels }",
            "baseline: { version: v1, telemetry: requests.jsonl, run: v1.run, metadata: meta/v1.json, environment: env/v1.json }",
            "candidate: { version: v2, telemetry: requests.jsonl, run: v2.run, ablated_run: v2-ablated.run, metadata: meta/v2.json, environment: env/v2.json }",
            "rollback: rollback.json",
            string.Empty));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    /// <summary>The whole verdict over 1 M requests per arm and 5,000 queries × 100 documents.</summary>
    [Benchmark]
    public async Task<int> Verdict()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        return await WardenCli.RunAsync(["verdict", "--evidence", Path.Combine(_dir, "evidence.yaml"), "--out", _dir], CliEnvironment.Plain(output, error));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Warden.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository: Warden.slnx not found above " + AppContext.BaseDirectory);
    }
}
