using System.Diagnostics;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// End-to-end runs in a fresh process, reporting wall time and peak working set, for targets
/// that BenchmarkDotNet does not measure (peak memory). Samples are generated on the fly from a
/// seeded source and streamed into histograms, as a reader would feed them.
/// </summary>
internal static class EndToEnd
{
    public static int Run(string[] args)
    {
        var samples = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000_000;
        var random = new Random(3);
        var watch = Stopwatch.StartNew();
        var baseline = new LogHistogram();
        var candidate = new LogHistogram();
        for (var i = 0; i < samples; i++)
        {
            baseline.Add(SyntheticData.LogNormal(random, 22, 0.35));
            candidate.Add(SyntheticData.LogNormal(random, 21, 0.33));
        }

        var filled = watch.Elapsed;
        var p95a = QuantileInterval.OrderStatistic(baseline, 0.95);
        var p95b = QuantileInterval.OrderStatistic(candidate, 0.95);
        var delta = QuantileBootstrap.Difference(baseline, candidate, 0.95, resamples: 2000);
        var total = watch.Elapsed;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"samples per arm      {samples:N0}");
        Console.WriteLine($"generate+insert      {filled.TotalMilliseconds:0} ms (includes generating 2 × {samples:N0} log-normal values)");
        Console.WriteLine($"statistics           {(total - filled).TotalMilliseconds:0.0} ms");
        Console.WriteLine($"total                {total.TotalMilliseconds:0} ms");
        Console.WriteLine($"peak working set     {self.PeakWorkingSet64 / 1_048_576.0:0.0} MB");
        Console.WriteLine($"P95 baseline         {p95a.Value:0.000} [{p95a.Low:0.000}, {p95a.High:0.000}]");
        Console.WriteLine($"P95 candidate        {p95b.Value:0.000} [{p95b.Low:0.000}, {p95b.High:0.000}]");
        Console.WriteLine($"ΔP95 (bootstrap)     {delta.Value:0.000} [{delta.Low:0.000}, {delta.High:0.000}] ({delta.Resamples} resamples, seed {delta.Seed})");
        return 0;
    }
}
