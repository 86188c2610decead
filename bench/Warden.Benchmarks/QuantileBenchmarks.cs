using BenchmarkDotNet.Attributes;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// Latency quantiles at scale. Target: 10 million samples per arm — P95 with its CI95 for both
/// arms plus a 2,000-resample bootstrap CI of the P95 difference — in under 1 s end to end.
/// The samples are generated once in setup; each iteration folds them into fresh histograms
/// (the streaming path) and computes everything from there.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class QuantileBenchmarks
{
    public const int SamplesPerArm = 10_000_000;
    private double[] _baseline = [];
    private double[] _candidate = [];
    private LogHistogram _baselineHistogram = new();
    private LogHistogram _candidateHistogram = new();

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _baseline = new double[SamplesPerArm];
        _candidate = new double[SamplesPerArm];
        for (var i = 0; i < SamplesPerArm; i++)
        {
            _baseline[i] = SyntheticData.LogNormal(random, 22, 0.35);
            _candidate[i] = SyntheticData.LogNormal(random, 21, 0.33);
        }

        _baselineHistogram = Fill(_baseline);
        _candidateHistogram = Fill(_candidate);
    }

    /// <summary>Everything: 2 × 10M inserts, two P95 intervals, the bootstrap of the difference.</summary>
    [Benchmark(Baseline = true)]
    public double EndToEnd()
    {
        var a = Fill(_baseline);
        var b = Fill(_candidate);
        return Compute(a, b);
    }

    /// <summary>Only the statistics, on histograms already filled.</summary>
    [Benchmark]
    public double StatisticsOnly() => Compute(_baselineHistogram, _candidateHistogram);

    private static double Compute(LogHistogram a, LogHistogram b)
    {
        var p95a = QuantileInterval.OrderStatistic(a, 0.95);
        var p95b = QuantileInterval.OrderStatistic(b, 0.95);
        var delta = QuantileBootstrap.Difference(a, b, 0.95, resamples: 2000);
        return p95a.High + p95b.High + delta.High;
    }

    private static LogHistogram Fill(double[] values)
    {
        var histogram = new LogHistogram();
        foreach (var v in values)
        {
            histogram.Add(v);
        }

        return histogram;
    }
}
