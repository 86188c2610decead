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
        var generating = new Stopwatch();
        var warden = new Stopwatch();
        var baseline = new LogHistogram();
        var candidate = new LogHistogram();

        // Generate in 64 Ki chunks into two small buffers (timed apart), then stream each chunk into
        // the histograms, as a reader would: memory stays flat and the clock shows Warden's share.
        var a = new double[65_536];
        var b = new double[65_536];
        for (var done = 0; done < samples; done += a.Length)
        {
            var n = Math.Min(a.Length, samples - done);
            generating.Start();
            for (var i = 0; i < n; i++)
            {
                a[i] = SyntheticData.LogNormal(random, 22, 0.35);
                b[i] = SyntheticData.LogNormal(random, 21, 0.33);
            }

            generating.Stop();
            warden.Start();
            for (var i = 0; i < n; i++)
            {
                baseline.Add(a[i]);
                candidate.Add(b[i]);
            }

            warden.Stop();
        }

        var inserted = warden.Elapsed;
        warden.Start();
        var p95a = QuantileInterval.OrderStatistic(baseline, 0.95);
        var p95b = QuantileInterval.OrderStatistic(candidate, 0.95);
        var delta = QuantileBootstrap.Difference(baseline, candidate, 0.95, resamples: 2000);
        warden.Stop();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"samples per arm        {samples:N0}");
        Console.WriteLine($"insert (both arms)     {inserted.TotalMilliseconds:0} ms");
        Console.WriteLine($"statistics             {(warden.Elapsed - inserted).TotalMilliseconds:0.0} ms (two P95 CIs + 2,000-resample bootstrap of ΔP95)");
        Console.WriteLine($"warden total           {warden.Elapsed.TotalMilliseconds:0} ms");
        Console.WriteLine($"(generating samples    {generating.Elapsed.TotalMilliseconds:0} ms, not Warden's work)");
        Console.WriteLine($"peak working set       {self.PeakWorkingSet64 / 1_048_576.0:0.0} MB (whole process, generator included)");
        Console.WriteLine($"P95 baseline           {p95a.Value:0.000} [{p95a.Low:0.000}, {p95a.High:0.000}]");
        Console.WriteLine($"P95 candidate          {p95b.Value:0.000} [{p95b.Low:0.000}, {p95b.High:0.000}]");
        Console.WriteLine($"ΔP95 (bootstrap)       {delta.Value:0.000} [{delta.Low:0.000}, {delta.High:0.000}] ({delta.Resamples} resamples, seed {delta.Seed})");
        return 0;
    }
}
