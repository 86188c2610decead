using System.Globalization;
using Grpc.Core;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// <c>grpc-load URL --rate R --seconds S [--service NAME] [--path-prefix] [--warmup S]
/// [--body FILE] [--model NAME]</c>: an open-loop load of unary OIP v2 <c>ModelInfer</c> calls at
/// a fixed rate over one GrpcChannel (<see cref="GrpcFixedRateLoad"/>), each latency counted from
/// the call's due time. The request is the REST infer body of --body
/// (samples/ModelServer/bench-request.json) converted to a ModelInferRequest for model --model
/// (ranker). --service NAME sends the metadata header <c>warden-service: NAME</c>; with
/// --path-prefix the name goes first in the path instead. Prints calls sent, ok, failed by gRPC
/// status, the achieved rate, P50/P90/P99/max in ms (ok calls, with order-statistic CI95s for P50
/// and P99), and whether the schedule fell behind. Exit 0 when every call was answered OK, 1 when
/// some failed, 2 on bad arguments.
/// </summary>
internal static class GrpcLoad
{
    /// <summary>A call that left more than this after its due time is counted late: the client stalled.</summary>
    public const double LateMs = 10;

    private const string Usage = "usage: grpc-load URL --rate R --seconds S [--service NAME] [--path-prefix] [--warmup S] [--body FILE] [--model NAME]";

    public static int Run(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal) || GrpcTarget.Parse(args) is not { } target)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var rate = LoadArgs.Number(args, "--rate", 1000);
        var seconds = LoadArgs.Number(args, "--seconds", 10);
        var warmUp = LoadArgs.Number(args, "--warmup", 2);
        using var load = target.Open(args[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grpc-load: {target.Describe(args[0])}, {rate:0.#} calls/s for {seconds:0.#} s after {warmUp:0.#} s of warm-up, one GrpcChannel"));
        if (warmUp > 0)
        {
            load.WarmUp(rate, warmUp);
        }

        var result = load.Run(rate, seconds);
        foreach (var line in Report(result))
        {
            Console.WriteLine(line);
        }

        return result.Samples.All(s => s.Status == StatusCode.OK) ? 0 : 1;
    }

    /// <summary>The lines grpc-load prints for one run.</summary>
    public static IEnumerable<string> Report(GrpcFixedRateLoad.Result result)
    {
        var samples = result.Samples;
        var ok = samples.Count(s => s.Status == StatusCode.OK);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"calls sent {samples.Length}, ok {ok}, failed {samples.Length - ok}{Failures(result)}");
        yield return string.Create(CultureInfo.InvariantCulture,
            $"achieved rate {result.AchievedRate:0.0} calls/s sent (target {result.Rate:0.#})");
        if (ok == 0)
        {
            yield return "latency: no call was answered OK";
        }
        else
        {
            var latencies = OkLatencies(samples);
            var p50 = QuantileInterval.OrderStatistic(latencies, 0.5);
            var p99 = QuantileInterval.OrderStatistic(latencies, 0.99);
            var wire = ExactSample.FromUnsorted([.. samples.Where(s => s.Status == StatusCode.OK).Select(s => s.ServiceMs)]);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"latency from due time ({ok} ok calls): P50 {p50.Value:0.000} ms {Interval(p50)}, P90 {Quantile.Of(latencies, 0.9):0.000} ms, P99 {p99.Value:0.000} ms {Interval(p99)}, max {latencies.Sorted[^1]:0.000} ms");
            yield return string.Create(CultureInfo.InvariantCulture,
                $"on the wire (from send, the client's own lateness left out): P50 {Quantile.Of(wire, 0.5):0.000} ms, P99 {Quantile.Of(wire, 0.99):0.000} ms");
        }

        yield return Schedule([result]);
    }

    /// <summary>Latencies from the due time of the calls answered OK.</summary>
    public static ExactSample OkLatencies(IEnumerable<GrpcFixedRateLoad.Sample> samples) =>
        ExactSample.FromUnsorted([.. samples.Where(s => s.Status == StatusCode.OK).Select(s => s.LatencyMs)]);

    /// <summary>"[low, high]" of a CI95, with ∞ where the sample is too small for a bound.</summary>
    public static string Interval(Estimate estimate) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Bound(estimate.Low)}, {Bound(estimate.High)}]");

    /// <summary>
    /// Whether the sender kept the schedule over <paramref name="runs"/> (one rate): behind when a
    /// run sent below 99 % of the rate; otherwise kept, with the calls that left more than
    /// <see cref="LateMs"/> late (stalls of the client process) counted.
    /// </summary>
    public static string Schedule(IReadOnlyList<GrpcFixedRateLoad.Result> runs)
    {
        var samples = runs.SelectMany(r => r.Samples).ToList();
        var rate = runs[0].Rate;
        var achieved = runs.Min(r => r.AchievedRate);
        var lags = ExactSample.FromUnsorted([.. samples.Select(s => s.SendLagMs)]);
        var late = samples.Count(s => s.SendLagMs > LateMs);
        var lateness = string.Create(CultureInfo.InvariantCulture,
            $"calls left P99 {Quantile.Of(lags, 0.99):0.000} ms, at worst {lags.Sorted[^1]:0.0} ms after their due time; {late} ({100.0 * late / samples.Count:0.##} %) more than {LateMs:0} ms late");
        return achieved < 0.99 * rate
            ? string.Create(CultureInfo.InvariantCulture,
                $"the schedule FELL BEHIND: the client could not keep {rate:0.#} calls/s (sent {achieved:0.0} calls/s); {lateness}; the lateness is counted in the latencies")
            : $"schedule kept: {lateness}" + (late > 0 ? " (stalls of the client process, counted in the latencies)" : "");
    }

    private static string Failures(GrpcFixedRateLoad.Result result)
    {
        var failed = result.Samples.Where(s => s.Status != StatusCode.OK).GroupBy(s => s.Status).OrderByDescending(g => g.Count()).ToList();
        return failed.Count == 0
            ? ""
            : " (" + string.Join(", ", failed.Select(g => $"{g.Key} {g.Count()}: \"{result.FirstFailures.GetValueOrDefault(g.Key)}\"")) + ")";
    }

    private static string Bound(double value) =>
        double.IsInfinity(value) ? (value < 0 ? "-∞" : "+∞") : value.ToString("0.000", CultureInfo.InvariantCulture);
}
