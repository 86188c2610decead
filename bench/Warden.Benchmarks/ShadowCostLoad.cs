using System.Globalization;
using System.Text;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// <c>shadow-cost GATEWAY_URL SERVICE --body FILE [--rate 1000] [--seconds 20] [--rounds 2]
/// [--production v1] [--shadow v2] [--path /v2/models/ranker/infer] [--out DIR]</c>: what
/// mirroring 100 % of traffic costs the production path at a fixed request rate. Each round runs
/// the same open-loop load with the shadow off, then on (switched through the admin API), so a
/// drift in the machine's speed hits both arms alike; the arms' latencies are pooled over the
/// rounds. Prints P50/P99/P99.9 per arm with distribution-free 95 % intervals, ΔP99 with a
/// bootstrap interval, the relative change, and the gateway's mirror counters. With --out, each
/// arm is also written as Warden JSONL telemetry (<c>warden stats DIR/*.jsonl</c> reads it).
/// Exit 0 when P99 rose by at most --max-increase per cent (10), 1 when more, 2 on bad arguments.
/// </summary>
internal static class ShadowCostLoad
{
    public static int Run(string[] args)
    {
        if (args.Length < 2 || LoadArgs.Value(args, "--body", null) is not { } bodyFile)
        {
            Console.Error.WriteLine("usage: shadow-cost GATEWAY_URL SERVICE --body FILE [--admin ADMIN_URL] [--rate 1000] [--seconds 20] [--rounds 2] [--connections 64] [--production v1] [--shadow v2] [--path /v2/models/ranker/infer] [--max-increase 10] [--out DIR]");
            return 2;
        }

        var gateway = args[0].TrimEnd('/');
        var service = args[1];
        var rate = LoadArgs.Number(args, "--rate", 1000);
        var seconds = LoadArgs.Number(args, "--seconds", 20);
        var rounds = (int)LoadArgs.Number(args, "--rounds", 2);
        var connections = (int)LoadArgs.Number(args, "--connections", 64);
        var maxIncrease = LoadArgs.Number(args, "--max-increase", 10);
        var production = LoadArgs.Value(args, "--production", "v1");
        var shadow = LoadArgs.Value(args, "--shadow", "v2");
        var path = LoadArgs.Value(args, "--path", "/v2/models/ranker/infer");
        var outDir = LoadArgs.Value(args, "--out", null);

        // Route changes go to the admin listener (gateway.admin.urls), never the traffic one.
        var adminUrl = LoadArgs.Value(args, "--admin", "http://127.0.0.1:8079")!.TrimEnd('/');

        using var admin = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var load = new FixedRateLoad(new Uri($"{gateway}/{service}{path}"), File.ReadAllBytes(bodyFile), "application/json", connections);
        var without = new List<FixedRateLoad.Sample>();
        var with = new List<FixedRateLoad.Sample>();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shadow-cost: {rounds} rounds of {seconds:0.#} s per arm at {rate:0} requests/s, {connections} connections max"));

        // Both arms warm: a shadow backend that has not served yet would charge its JIT and
        // thread-pool ramp-up to the first shadowed round.
        var warmUp = Math.Min(5, seconds);
        SetShadow(admin, adminUrl, service, production, shadow);
        load.WarmUp(rate, warmUp);
        SetShadow(admin, adminUrl, service, production, null);
        load.WarmUp(rate, warmUp);
        var droppedBefore = Counter(admin, gateway, "warden_gateway_shadow_mirrors_dropped_total");
        var failedBefore = Counter(admin, gateway, "warden_gateway_shadow_mirrors_failed_total");
        for (var round = 1; round <= rounds; round++)
        {
            SetShadow(admin, adminUrl, service, production, null);
            var off = load.Run(rate, seconds);
            without.AddRange(off);
            Console.WriteLine($"  round {round}: no shadow   {Summary(off)}");
            SetShadow(admin, adminUrl, service, production, shadow);
            var on = load.Run(rate, seconds);
            with.AddRange(on);
            Console.WriteLine($"  round {round}: 100 % shadow {Summary(on)}");
        }

        SetShadow(admin, adminUrl, service, production, null);
        var dropped = Counter(admin, gateway, "warden_gateway_shadow_mirrors_dropped_total") - droppedBefore;
        var failed = Counter(admin, gateway, "warden_gateway_shadow_mirrors_failed_total") - failedBefore;

        var baseline = Latencies(without);
        var candidate = Latencies(with);
        var p99Without = QuantileInterval.OrderStatistic(baseline, 0.99);
        var p99With = QuantileInterval.OrderStatistic(candidate, 0.99);
        var delta = QuantileBootstrap.Difference(baseline, candidate, 0.99);
        var relative = (p99With.Value / p99Without.Value - 1) * 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no shadow    (n={baseline.Count}): {Summary(without)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"100 % shadow (n={candidate.Count}): {Summary(with)}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"P99 at {rate:0} req/s with 100 % shadow vs without: {p99With.Value:0.000} ms [{p99With.Low:0.000}, {p99With.High:0.000}] vs {p99Without.Value:0.000} ms [{p99Without.Low:0.000}, {p99Without.High:0.000}] ({relative:+0.0;-0.0} %); ΔP99 {delta.Value:+0.000;-0.000} ms, CI95 [{delta.Low:+0.000;-0.000}, {delta.High:+0.000;-0.000}] ({delta.Resamples} bootstrap resamples)"));
        var wireWithout = Quantile.Of(WireTimes(without), 0.99);
        var wireWith = Quantile.Of(WireTimes(with), 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"P99 on the wire (from send, without the load generator's own lateness): {wireWith:0.000} ms vs {wireWithout:0.000} ms ({(wireWith / wireWithout - 1) * 100:+0.0;-0.0} %)"));
        Console.WriteLine($"mirrors dropped {dropped}, failed {failed} (gateway counters over the run)");

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            FixedRateLoad.WriteTelemetry(Path.Combine(outDir, "no-shadow.jsonl"), "no-shadow", without);
            FixedRateLoad.WriteTelemetry(Path.Combine(outDir, "shadow-100.jsonl"), "shadow-100", with);
        }

        return relative <= maxIncrease ? 0 : 1;
    }

    private static string Summary(IReadOnlyCollection<FixedRateLoad.Sample> samples)
    {
        var latencies = Latencies(samples);
        var errors = samples.Count(s => s.Status is 0 or >= 500);
        var service = WireTimes(samples);
        return string.Create(CultureInfo.InvariantCulture,
            $"P50 {Quantile.Of(latencies, 0.5):0.000} ms, P99 {Quantile.Of(latencies, 0.99):0.000} ms, P99.9 {Quantile.Of(latencies, 0.999):0.000} ms, max {latencies.Sorted[^1]:0.0} ms (on the wire P99 {Quantile.Of(service, 0.99):0.000} ms), {errors} errors");
    }

    // From each request's due time: what a client at this fixed rate sees.
    private static ExactSample Latencies(IEnumerable<FixedRateLoad.Sample> samples) =>
        ExactSample.FromUnsorted([.. samples.Select(s => s.LatencyMs)]);

    // From the moment each request was handed to the client library: the generator's own lateness left out.
    private static ExactSample WireTimes(IEnumerable<FixedRateLoad.Sample> samples) =>
        ExactSample.FromUnsorted([.. samples.Select(s => s.ServiceMs)]);

    private static void SetShadow(HttpClient admin, string adminUrl, string service, string production, string? shadow)
    {
        var body = shadow is null ? $"{{\"production\":\"{production}\",\"shadow\":null,\"canary\":null}}" : $"{{\"production\":\"{production}\",\"shadow\":\"{shadow}\",\"canary\":null}}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = admin.PutAsync($"{adminUrl}/admin/routes/{service}", content).GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT /admin/routes/{service} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    private static double Counter(HttpClient admin, string gateway, string family)
    {
        var text = admin.GetStringAsync($"{gateway}/metrics").GetAwaiter().GetResult();
        return text.Split('\n')
            .Where(line => line.StartsWith(family, StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
