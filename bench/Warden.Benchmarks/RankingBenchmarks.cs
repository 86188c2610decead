using BenchmarkDotNet.Attributes;
using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Benchmarks;

/// <summary>
/// Ranking evaluation at scale. Target: nDCG@10 + Compliance@1 + a 2,000-resample paired
/// bootstrap on 10,000 queries × 1,000 documents in under 2 s (runs already read). Reading
/// the 10-million-line runs is measured separately.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RankingBenchmarks
{
    public const int Queries = 10_000;
    public const int DocsPerQuery = 1_000;
    private byte[] _runText = [];
    private Qrels _qrels = null!;
    private Qrels _labels = null!;
    private Run _runA = null!;
    private Run _runB = null!;

    [GlobalSetup]
    public void Setup()
    {
        var (qrels, labels, runA, runB) = SyntheticData.Ranking(Queries, DocsPerQuery);
        _runText = runA;
        _qrels = QrelsReader.Read(new MemoryStream(qrels), "bench.qrels", ReadMode.Strict).Qrels;
        _labels = QrelsReader.ReadCompliance(new MemoryStream(labels), "bench.compliance", ReadMode.Strict).Qrels;
        _runA = RunReader.Read(new MemoryStream(runA), "a.run", ReadMode.Strict).Run;
        _runB = RunReader.Read(new MemoryStream(runB), "b.run", ReadMode.Strict).Run;
    }

    /// <summary>nDCG@10 and Compliance@1 for two runs, and the paired bootstrap of ΔnDCG@10.</summary>
    [Benchmark(Baseline = true)]
    public double MetricsAndBootstrap()
    {
        var ndcgA = RankingMetrics.NdcgCut(_qrels, _runA, 10);
        var ndcgB = RankingMetrics.NdcgCut(_qrels, _runB, 10);
        var complianceA = RankingMetrics.ComplianceAtK(_labels, _runA, 1);
        var complianceB = RankingMetrics.ComplianceAtK(_labels, _runB, 1);
        var delta = PairedBootstrap.MeanDifference(ndcgA, ndcgB, resamples: 2000);
        return delta.High + complianceA.Mean + complianceB.Mean;
    }

    /// <summary>Reading one 10-million-line TREC run from memory.</summary>
    [Benchmark]
    public int ReadRun() => RunReader.Read(new MemoryStream(_runText), "a.run", ReadMode.Strict).Run.QueryIds.Count;
}
