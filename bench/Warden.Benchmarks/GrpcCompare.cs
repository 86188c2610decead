using System.Globalization;
using Grpc.Core;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// <c>grpc-compare DIRECT_URL GATEWAY_URL --rate R --seconds S --rounds N [--service NAME]
/// [--path-prefix] [--warmup S] [--max-added MS] [--labels A,B] [--body FILE] [--model NAME]</c>: what the gateway
/// adds to a unary OIP v2 <c>ModelInfer</c> at a fixed rate (target: ≤ 1 ms at P50 at 1,000
/// calls/s). The same open-loop load (<see cref="GrpcFixedRateLoad"/>, one channel per arm) goes
/// to the model server directly and through the gateway in alternating rounds — direct first in
/// odd rounds, gateway first in even ones — so a drift in the machine's speed hits both arms
/// alike; each arm's latencies (from the due time, calls answered OK) are pooled over the rounds.
/// --service names the gateway service (the direct arm sends no service); --labels renames the
/// arms in the output (an A/A run, the same URL twice, measures the comparison's noise floor). Prints P50/P99 per arm
/// with distribution-free 95 % intervals (<see cref="QuantileInterval.OrderStatistic"/>) and the
/// P50 and P99 added, gateway − direct, with bootstrap 95 % intervals
/// (<see cref="QuantileBootstrap.Difference"/>), as shadow-cost does. Exit 0 when every call was
/// answered OK and the P50 added is at most --max-added ms (1), 1 otherwise, 2 on bad arguments.
/// </summary>
internal static class GrpcCompare
{
    private const string Usage = "usage: grpc-compare DIRECT_URL GATEWAY_URL [--rate 1000] [--seconds 10] [--rounds 3] [--service NAME] [--path-prefix] [--warmup 3] [--max-added 1] [--labels direct,gateway] [--body FILE] [--model NAME]";

    public static int Run(string[] args)
    {
        if (args.Length < 2 || args[0].StartsWith("--", StringComparison.Ordinal) || args[1].StartsWith("--", StringComparison.Ordinal)
            || GrpcTarget.Parse(args) is not { } gatewayTarget)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var rate = LoadArgs.Number(args, "--rate", 1000);
        var seconds = LoadArgs.Number(args, "--seconds", 10);
        var rounds = (int)LoadArgs.Number(args, "--rounds", 3);
        var warmUp = LoadArgs.Number(args, "--warmup", 3);
        var maxAdded = LoadArgs.Number(args, "--max-added", 1);
        if (LoadArgs.Value(args, "--labels", "direct,gateway").Split(',') is not [var directName, var gatewayName])
        {
            Console.Error.WriteLine("--labels: two names separated by a comma, e.g. direct,gateway");
            return 2;
        }

        var width = Math.Max(directName.Length, gatewayName.Length);
        var directTarget = gatewayTarget with { Service = null, PathPrefix = false };
        using var direct = directTarget.Open(args[0]);
        using var gateway = gatewayTarget.Open(args[1]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grpc-compare: {rounds} rounds of {seconds:0.#} s per arm at {rate:0.#} calls/s, alternating; {directName} {directTarget.Describe(args[0])}, {gatewayName} {gatewayTarget.Describe(args[1])}"));

        // Both arms warm: the first round of a cold arm would carry its JIT and connection set-up.
        if (warmUp > 0)
        {
            direct.WarmUp(rate, warmUp);
            gateway.WarmUp(rate, warmUp);
        }

        var directRuns = new List<GrpcFixedRateLoad.Result>();
        var gatewayRuns = new List<GrpcFixedRateLoad.Result>();
        var arms = new[] { (directName, direct, directRuns), (gatewayName, gateway, gatewayRuns) };
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (arm, load, runs) in round % 2 == 1 ? arms : Enumerable.Reverse(arms))
            {
                var result = load.Run(rate, seconds);
                runs.Add(result);
                Console.WriteLine($"  round {round}: {arm.PadRight(width)} {RoundSummary(result)}");
            }

            // The round-to-round spread of the difference: the pooled interval below treats calls
            // as independent, which drift between rounds is not.
            var directRound = GrpcLoad.OkLatencies(directRuns[^1].Samples);
            var gatewayRound = GrpcLoad.OkLatencies(gatewayRuns[^1].Samples);
            if (directRound.Count > 0 && gatewayRound.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  round {round}: P50 added {Quantile.Of(gatewayRound, 0.5) - Quantile.Of(directRound, 0.5):+0.000;-0.000} ms"));
            }
        }

        var directAll = directRuns.SelectMany(r => r.Samples).ToList();
        var gatewayAll = gatewayRuns.SelectMany(r => r.Samples).ToList();
        foreach (var (arm, _, runs) in arms)
        {
            Console.WriteLine($"{arm.PadRight(width)} {ArmSummary(runs)}");
        }

        foreach (var (arm, _, runs) in arms)
        {
            Console.WriteLine($"{arm.PadRight(width)} {GrpcLoad.Schedule(runs)}");
        }

        var failed = directAll.Count(s => s.Status != StatusCode.OK) + gatewayAll.Count(s => s.Status != StatusCode.OK);
        var directOk = GrpcLoad.OkLatencies(directAll);
        var gatewayOk = GrpcLoad.OkLatencies(gatewayAll);
        if (directOk.Count == 0 || gatewayOk.Count == 0)
        {
            Console.WriteLine($"added ({gatewayName} − {directName}): not measured, an arm has no call answered OK");
            return 1;
        }

        var p50 = QuantileBootstrap.Difference(directOk, gatewayOk, 0.5);
        var p99 = QuantileBootstrap.Difference(directOk, gatewayOk, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P50 added ({gatewayName} − {directName}) at {rate:0.#} calls/s: {p50.Value:+0.000;-0.000} ms, CI95 [{p50.Low:+0.000;-0.000}, {p50.High:+0.000;-0.000}] ({p50.Resamples} bootstrap resamples); target ≤ {maxAdded:0.###} ms {Verdict(p50, maxAdded)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P99 added ({gatewayName} − {directName}): {p99.Value:+0.000;-0.000} ms, CI95 [{p99.Low:+0.000;-0.000}, {p99.High:+0.000;-0.000}]"));
        if (failed > 0)
        {
            Console.WriteLine($"{failed} call(s) not answered OK (by status in the arm lines above)");
        }

        return failed == 0 && p50.Value <= maxAdded ? 0 : 1;
    }

    // Met on the point estimate; the interval says whether the data also rule the other side out.
    private static string Verdict(Estimate added, double max) =>
        added.Value > max ? "NOT met"
        : added.High <= max ? "met (the whole CI95 is within it)"
        : "met on the estimate, but the CI95 reaches past it";

    private static string RoundSummary(GrpcFixedRateLoad.Result result)
    {
        var ok = GrpcLoad.OkLatencies(result.Samples);
        var failed = result.Samples.Length - (int)ok.Count;
        var latency = ok.Count == 0 ? "no call answered OK" : string.Create(CultureInfo.InvariantCulture,
            $"P50 {Quantile.Of(ok, 0.5):0.000} ms, P99 {Quantile.Of(ok, 0.99):0.000} ms, max {ok.Sorted[^1]:0.0} ms");
        return string.Create(CultureInfo.InvariantCulture, $"{latency}, {result.AchievedRate:0.0} calls/s sent, {failed} failed");
    }

    private static string ArmSummary(List<GrpcFixedRateLoad.Result> runs)
    {
        var samples = runs.SelectMany(r => r.Samples).ToList();
        var ok = GrpcLoad.OkLatencies(samples);
        var failed = samples.Count - ok.Count;
        var failures = samples.Where(s => s.Status != StatusCode.OK).GroupBy(s => s.Status).Select(g =>
            $"{g.Key} {g.Count()}, first \"{runs.Select(r => r.FirstFailures.GetValueOrDefault(g.Key)).First(detail => detail is not null)}\"");
        var counts = string.Create(CultureInfo.InvariantCulture, $"(sent {samples.Count}, ok {ok.Count}, failed {failed}{(failed > 0 ? ": " + string.Join("; ", failures) : "")})");
        if (ok.Count == 0)
        {
            return $"{counts}: no call answered OK";
        }

        var p50 = QuantileInterval.OrderStatistic(ok, 0.5);
        var p99 = QuantileInterval.OrderStatistic(ok, 0.99);
        var wire = ExactSample.FromUnsorted([.. samples.Where(s => s.Status == StatusCode.OK).Select(s => s.ServiceMs)]);
        return string.Create(CultureInfo.InvariantCulture,
            $"{counts}: P50 {p50.Value:0.000} ms {GrpcLoad.Interval(p50)}, P99 {p99.Value:0.000} ms {GrpcLoad.Interval(p99)}, max {ok.Sorted[^1]:0.000} ms; on the wire (from send) P50 {Quantile.Of(wire, 0.5):0.000} ms, P99 {Quantile.Of(wire, 0.99):0.000} ms");
    }
}
