using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Warden.Core.Statistics;

namespace Warden.Benchmarks;

/// <summary>
/// <c>recovery</c>: the live guard's recovery time and false rollbacks, measured from the client's
/// side against a running <c>warden serve</c> (bench/recovery.sh starts it and the model servers).
/// Each fault run starts a rollout of the candidate, waits for its canary step, injects a fault into
/// the candidate's model server (<c>PUT /admin/faults</c>) and measures the time from that PUT to
/// the last request the gateway still sent to the candidate: from then on every request reaches the
/// known-good version. An A/A run watches a healthy canary for a fixed time and counts rollbacks.
/// Every run also counts requests that failed for any reason other than the injected fault (the
/// switch must fail none).
/// </summary>
internal static class RecoveryBench
{
    private const string Usage =
        "usage: recovery --gateway URL --admin URL --warden-dll PATH --config PATH --data-dir PATH --candidate-admin URL\n" +
        "                (--fault errors|latency [--after-seconds D] | --aa --seconds S [--production-admin URL])\n" +
        "                [--runs N] [--rate REQUESTS_PER_SECOND] [--service ranker] [--candidate v2] [--known-good v1] [--body FILE]";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static int Run(string[] args)
    {
        var gateway = LoadArgs.Value(args, "--gateway", null);
        var admin = LoadArgs.Value(args, "--admin", null);
        var warden = LoadArgs.Value(args, "--warden-dll", null);
        var config = LoadArgs.Value(args, "--config", null);
        var dataDir = LoadArgs.Value(args, "--data-dir", null);
        var candidateAdmin = LoadArgs.Value(args, "--candidate-admin", null);
        var fault = LoadArgs.Value(args, "--fault", null);
        var aa = args.Contains("--aa");
        if (gateway is null || admin is null || warden is null || config is null || dataDir is null || candidateAdmin is null || (fault is null) == !aa
            || fault is not (null or "errors" or "latency"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var bench = new Bench
        {
            Admin = admin.TrimEnd('/'),
            WardenDll = warden,
            Config = config,
            DataDir = dataDir,
            CandidateAdmin = candidateAdmin.TrimEnd('/'),
            ProductionAdmin = LoadArgs.Value(args, "--production-admin", null)?.TrimEnd('/'),
            Service = LoadArgs.Value(args, "--service", "ranker"),
            Candidate = LoadArgs.Value(args, "--candidate", "v2"),
            KnownGood = LoadArgs.Value(args, "--known-good", "v1"),
        };
        var runs = (int)LoadArgs.Number(args, "--runs", 10);
        var rate = LoadArgs.Number(args, "--rate", 250);
        var body = File.ReadAllBytes(LoadArgs.Value(args, "--body", "samples/ModelServer/bench-request.json"));
        using var load = new TaggedLoad(new Uri($"{gateway.TrimEnd('/')}/{bench.Service}/v2/models/{bench.Service}/infer"), body, rate);
        load.Start();
        try
        {
            // Both model servers and the gateway are warm before the first run.
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return aa
                ? bench.AaRuns(load, runs, LoadArgs.Number(args, "--seconds", 60))
                : bench.FaultRuns(load, fault!, runs, LoadArgs.Number(args, "--after-seconds", 0));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine($"recovery: {ex.Message}");
            return 1;
        }
        finally
        {
            load.Stop();
        }
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    // Percentiles as everywhere in Warden: numpy's linear definition (Core's Quantile).
    private static double Percentile(List<double> values, double q) => Quantile.Of(new ExactSample(values), q);

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private sealed class Bench
    {
        public required string Admin { get; init; }
        public required string WardenDll { get; init; }
        public required string Config { get; init; }
        public required string DataDir { get; init; }
        public required string CandidateAdmin { get; init; }
        public string? ProductionAdmin { get; init; }
        public required string Service { get; init; }
        public required string Candidate { get; init; }
        public required string KnownGood { get; init; }

        public int FaultRuns(TaggedLoad load, string fault, int runs, double afterSeconds)
        {
            var faultBody = fault == "errors" ? """{"error_rate": 0.05}""" : """{"latency_ms": 60}""";
            var what = fault == "errors" ? "5 % errors" : "+60 ms latency";
            var when = afterSeconds > 0 ? $"{F(afterSeconds, "0.#")} s into the canary step" : "at canary exposure";
            Console.WriteLine($"== {what} injected into {Candidate} {when}: {runs} runs");
            var recoveries = new List<double>();
            var guardRtos = new List<double>();
            var rates = new List<double>();
            var triggers = new Dictionary<string, int>();
            long failed = 0, total = 0;
            var missed = 0;
            for (var run = 1; run <= runs; run++)
            {
                var (started, exposed) = BeginRun(load);
                if (afterSeconds > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(afterSeconds));
                }

                var injected = Stopwatch.GetTimestamp();
                Put(CandidateAdmin + "/admin/faults", faultBody);
                long? restored = null;
                try
                {
                    restored = WaitRoute(r => r.Canary is null && r.Production == KnownGood, TimeSpan.FromSeconds(60), "the rollback");
                }
                catch (TimeoutException)
                {
                    missed++;
                }

                Thread.Sleep(1000); // the answers of requests in flight at the switch
                var end = Stopwatch.GetTimestamp();
                Put(CandidateAdmin + "/admin/faults", """{"error_rate": 0, "latency_ms": 0}""");
                var samples = load.Between(exposed, end);
                var after = samples.Where(s => s.Sent >= injected).ToList();
                var toCandidate = after.Where(s => s.Version == Candidate).ToList();
                var runFailed = after.Count(s => s.FailedOtherwise);
                failed += runFailed;
                total += after.Count;
                if (restored is null || toCandidate.Count == 0)
                {
                    Console.WriteLine($"  run {run,2}: no rollback within 60 s ({toCandidate.Count} requests reached {Candidate} after the fault)");
                    AbortRollout();
                    continue;
                }

                var last = toCandidate.Max(s => s.Sent);
                var recovery = Seconds(injected, last);
                recoveries.Add(recovery);
                var exposedRequests = samples.Count(s => s.Version == Candidate && s.Sent <= last);
                var rate = exposedRequests / Seconds(exposed, last);
                rates.Add(rate);
                var log = LatestRollbackLog(started);
                var trigger = log?["trigger"]?["name"]?.GetValue<string>() ?? "?";
                var counted = log?["trigger"] is { } t ? $" on {t["events"]} of {t["requests"]}" : string.Empty;
                triggers[trigger] = triggers.GetValueOrDefault(trigger) + 1;
                var rto = log?["rto_seconds"]?.GetValue<double>();
                if (rto is { } r)
                {
                    guardRtos.Add(r);
                }

                Console.WriteLine(
                    $"  run {run,2}: all traffic on {KnownGood} {F(recovery)} s after the fault  " +
                    $"({toCandidate.Count} requests reached {Candidate} after it, {Candidate} at {F(rate, "0")} req/s; trigger {trigger}{counted}; " +
                    $"guard's own RTO {(rto is { } g ? F(g) + " s" : "-")}; failed otherwise: {runFailed} of {after.Count})");
            }

            if (recoveries.Count == 0)
            {
                Console.WriteLine("no run rolled back");
                return 1;
            }

            Console.WriteLine(
                $"result: {what} {when}, {recoveries.Count} of {runs} runs rolled back, {Candidate} at {F(Median(rates), "0")} req/s (median): " +
                $"fault -> 100 % on {KnownGood} median {F(Median(recoveries))} s, P90 {F(Percentile(recoveries, 0.9))} s, max {F(recoveries.Max())} s; " +
                $"guard's own RTO median {(guardRtos.Count > 0 ? F(Median(guardRtos)) : "-")} s; triggers {string.Join(", ", triggers.Select(t => $"{t.Key} x{t.Value}"))}; " +
                $"requests failed other than by the injected fault: {failed} of {total}");
            return missed == 0 && failed == 0 ? 0 : 1;
        }

        public int AaRuns(TaggedLoad load, int runs, double seconds)
        {
            // Both arms get the same background noise: 0.5 % errors (half the 1 % limit) and up to
            // 20 ms of random added latency, so the two-sample and drift triggers see real variation.
            const string Noise = """{"error_rate": 0.005, "latency_ms": 0, "latency_jitter_ms": 20}""";
            Put(CandidateAdmin + "/admin/faults", Noise);
            if (ProductionAdmin is not null)
            {
                Put(ProductionAdmin + "/admin/faults", Noise);
            }

            var alpha = ReadFalseAlarm();
            Console.WriteLine($"== A/A: {runs} runs of {F(seconds, "0")} s, {Candidate} identical to {KnownGood} (same weights, same noise on both)");
            var falseRollbacks = 0;
            long guarded = 0, failed = 0, total = 0;
            var rates = new List<double>();
            try
            {
                for (var run = 1; run <= runs; run++)
                {
                    var (started, exposed) = BeginRun(load);
                    var deadline = exposed + (long)(seconds * Stopwatch.Frequency);
                    var rolledBack = false;
                    while (Stopwatch.GetTimestamp() < deadline)
                    {
                        Thread.Sleep(100);
                        if (Route().Canary != Candidate)
                        {
                            rolledBack = true;
                            break;
                        }
                    }

                    var end = Stopwatch.GetTimestamp();
                    var samples = load.Between(exposed, end);
                    var toCandidate = samples.Count(s => s.Version == Candidate);
                    guarded += toCandidate;
                    var rate = toCandidate / Seconds(exposed, end);
                    rates.Add(rate);
                    failed += samples.Count(s => s.FailedOtherwise);
                    total += samples.Count;
                    if (rolledBack)
                    {
                        falseRollbacks++;
                        var reason = LatestRollbackLog(started)?["trigger"]?["description"]?.GetValue<string>() ?? "(not the guard: see warden rollout history)";
                        Console.WriteLine($"  run {run,2}: FALSE ROLLBACK after {F(Seconds(exposed, end), "0.0")} s: {reason}");
                    }
                    else
                    {
                        AbortRollout();
                        Console.WriteLine($"  run {run,2}: no rollback in {F(seconds, "0")} s ({toCandidate} requests to {Candidate}, {F(rate, "0")} req/s)");
                    }
                }
            }
            finally
            {
                Put(CandidateAdmin + "/admin/faults", """{"error_rate": 0, "latency_jitter_ms": 0}""");
                if (ProductionAdmin is not null)
                {
                    Put(ProductionAdmin + "/admin/faults", """{"error_rate": 0, "latency_jitter_ms": 0}""");
                }
            }

            // The per-run false-rollback rate these runs alone bound (Wilson, 95 %).
            var upper = Proportion.Wilson(falseRollbacks, runs).High;
            Console.WriteLine(
                $"result: A/A {falseRollbacks} false rollbacks in {runs} runs of {F(seconds, "0")} s ({guarded} guarded requests, {Candidate} at {F(Median(rates), "0")} req/s median); " +
                $"designed false-alarm level {F(alpha * 100, "0.##")} % per rollout phase (policy.guard.false_alarm), " +
                $"these runs alone bound it by {F(upper * 100, "0.0")} % (Wilson 95 %); requests failed other than by the injected noise: {failed} of {total}");
            return falseRollbacks == 0 && failed == 0 ? 0 : 1;
        }

        // The level the running server uses: the config's policy.guard.false_alarm, read as the CLI reads it.
        private double ReadFalseAlarm() => Warden.Cli.PolicyFile.Load(Config, "the bench cannot print the designed level").Guard.FalseAlarm;

        // A run begins on the known-good version alone, forgets the load's older samples, starts the
        // rollout and waits for the canary's route: the wall time it started and the exposure's timestamp.
        private (DateTime Started, long Exposed) BeginRun(TaggedLoad load)
        {
            WaitIdle();
            load.Forget(Stopwatch.GetTimestamp());
            var started = DateTime.UtcNow;
            StartRollout();
            return (started, WaitRoute(r => r.Canary == Candidate, TimeSpan.FromSeconds(120), "the canary step"));
        }

        private void WaitIdle() => WaitRoute(r => r.Canary is null && r.Production == KnownGood, TimeSpan.FromSeconds(60), "the route back on the known-good version alone");

        private long WaitRoute(Func<RouteView, bool> condition, TimeSpan timeout, string what)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var now = Stopwatch.GetTimestamp();
                if (condition(Route()))
                {
                    return now;
                }

                Thread.Sleep(2);
            }

            throw new TimeoutException($"waited {timeout.TotalSeconds} s for {what}; route now {Route()}");
        }

        private RouteView Route()
        {
            var node = JsonNode.Parse(Http.GetStringAsync($"{Admin}/admin/routes/{Service}").GetAwaiter().GetResult())!["route"]!;
            return new RouteView(node["production"]?.GetValue<string>(), node["canary"]?.GetValue<string>());
        }

        private static void Put(string url, string json)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = Http.PutAsync(url, content).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT {url} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            }
        }

        // The bench is about the canary and the guard, not the shadow phase (its plan holds the
        // shadow for an hour): start, then skip to the canary step at once.
        private void StartRollout()
        {
            Cli("rollout", "start", Service, Candidate, "--config", Config);
            Cli("rollout", "promote", Service, "--config", Config);
        }

        private void AbortRollout()
        {
            Cli("rollout", "abort", Service, "--config", Config);
            WaitIdle();
        }

        private void Cli(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(WardenDll);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.ArgumentList.Add("--data-dir");
            info.ArgumentList.Add(DataDir);
            info.ArgumentList.Add("--actor");
            info.ArgumentList.Add("recovery-bench");
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"warden {string.Join(' ', args)} exited {process.ExitCode}: {error}{output.Result}");
            }
        }

        private JsonNode? LatestRollbackLog(DateTime since)
        {
            var reports = Path.Combine(DataDir, "reports");
            if (!Directory.Exists(reports))
            {
                return null;
            }

            var newest = Directory.GetFiles(reports, "rollback_log.json", SearchOption.AllDirectories)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault();
            return newest is null || File.GetLastWriteTimeUtc(newest) < since ? null : JsonNode.Parse(File.ReadAllText(newest));
        }
    }

    private readonly record struct RouteView(string? Production, string? Canary);
}
