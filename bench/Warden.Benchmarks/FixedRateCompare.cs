using System.Globalization;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// The proxies of bench/gateway.sh at one fixed rate, side by side: each target in turn for a
/// round, in the order given, repeated, so that drift in the machine's speed hits every target
/// alike. The first target is the direct call; every other row says what it adds at P50 and P99
/// over it, with bootstrap 95 % intervals. Open loop (FixedRateLoad: latency from the due time).
/// Usage: fixed-rate --body FILE [--rate 1000] [--seconds 10] [--rounds 3] [--connections 64] NAME=URL NAME=URL ...
/// </summary>
internal static class FixedRateCompare
{
    public static int Run(string[] args)
    {
        var targets = args.Where(a => a.Contains('=', StringComparison.Ordinal) && !a.StartsWith("--", StringComparison.Ordinal))
            .Select(a => (Name: a[..a.IndexOf('=', StringComparison.Ordinal)], Url: new Uri(a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..])))
            .ToList();
        if (targets.Count < 2 || LoadArgs.Value(args, "--body", null) is not { } bodyFile)
        {
            Console.Error.WriteLine("usage: fixed-rate --body FILE [--rate 1000] [--seconds 10] [--rounds 3] [--connections 64] direct=URL NAME=URL ...");
            return 2;
        }

        var rate = LoadArgs.Number(args, "--rate", 1000);
        var seconds = LoadArgs.Number(args, "--seconds", 10);
        var rounds = (int)LoadArgs.Number(args, "--rounds", 3);
        var connections = (int)LoadArgs.Number(args, "--connections", 64);
        var body = File.ReadAllBytes(bodyFile);
        var loads = targets.Select(t => new FixedRateLoad(t.Url, body, "application/json", connections)).ToList();
        var samples = targets.Select(_ => new List<FixedRateLoad.Sample>()).ToList();
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fixed-rate: {rate:0} requests/s, {rounds} rounds of {seconds:0.#} s per target, targets in turn"));
            foreach (var load in loads)
            {
                load.WarmUp(rate, Math.Min(3, seconds));
            }

            for (var round = 1; round <= rounds; round++)
            {
                for (var i = 0; i < loads.Count; i++)
                {
                    samples[i].AddRange(loads[i].Run(rate, seconds));
                }
            }

            var direct = Latencies(samples[0]);
            var failed = 0;
            for (var i = 0; i < targets.Count; i++)
            {
                var latencies = Latencies(samples[i]);
                var errors = samples[i].Count(s => s.Status != 200);
                failed += errors;
                var p50 = QuantileInterval.OrderStatistic(latencies, 0.5);
                var p99 = QuantileInterval.OrderStatistic(latencies, 0.99);
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{targets[i].Name,-10} P50 {p50.Value,7:0.000} ms [{p50.Low:0.000}, {p50.High:0.000}]  P99 {p99.Value,7:0.000} ms [{p99.Low:0.000}, {p99.High:0.000}]  n {latencies.Count}, {errors} not 200");
                if (i > 0)
                {
                    var added50 = QuantileBootstrap.Difference(direct, latencies, 0.5);
                    var added99 = QuantileBootstrap.Difference(direct, latencies, 0.99);
                    line += string.Create(CultureInfo.InvariantCulture,
                        $"  added P50 {added50.Value:+0.000;-0.000} ms [{added50.Low:+0.000;-0.000}, {added50.High:+0.000;-0.000}]  P99 {added99.Value:+0.000;-0.000} ms [{added99.Low:+0.000;-0.000}, {added99.High:+0.000;-0.000}]");
                }

                Console.WriteLine(line);
            }

            return failed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var load in loads)
            {
                load.Dispose();
            }
        }
    }

    private static ExactSample Latencies(IEnumerable<FixedRateLoad.Sample> samples) =>
        ExactSample.FromUnsorted([.. samples.Select(s => s.LatencyMs)]);
}
