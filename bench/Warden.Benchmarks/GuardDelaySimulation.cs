using System.Globalization;
using System.Text;
using Warden.Core.Statistics;
using Warden.Core.Statistics.Sequential;

namespace Warden.Benchmarks;

/// <summary>
/// <c>guard-delay [--streams 2000] [--aa-streams 10000] [--tables one-sample,two-sample,aa] [--prior A,B]</c>:
/// simulated detection delay and false alarms of the guard's anytime-valid rate tests
/// (bench/guard-delay.sh). Prints markdown tables. <c>--prior</c> replaces
/// <see cref="BetaPrior.ForThreshold"/> in the one-sample tables, to compare priors.
/// Every stream has its own seed derived from the row, so the output is the same on every run and
/// every core count.
/// </summary>
internal static class GuardDelaySimulation
{
    /// <summary>
    /// The level a fault present from a phase's start meets: the guard's 1 % split over 5
    /// statistical triggers (Bonferroni), 0.2 % each, of which the phase window spends half
    /// (<see cref="Core.Guard.GuardWindows.PhaseSpend"/>).
    /// </summary>
    private const double Alpha = 0.001;

    private const int Horizon = 10_000;
    private const double RequestsPerSecond = 100;
    private const int AaLength = 6_000;
    private const int PeekEvery = 100;

    // Φ⁻¹(0.99), one-sided 1 % (python3: statistics.NormalDist().inv_cdf(0.99)).
    private const double Z99 = 2.3263478740408408;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var streams = (int)LoadArgs.Number(args, "--streams", 2_000);
        var aaStreams = (int)LoadArgs.Number(args, "--aa-streams", 10_000);
        var tables = LoadArgs.Value(args, "--tables", "one-sample,two-sample,aa").Split(',');
        BetaPrior? prior = LoadArgs.Value(args, "--prior", null) is { } text
            ? new BetaPrior(double.Parse(text.Split(',')[0], Invariant), double.Parse(text.Split(',')[1], Invariant))
            : null;
        var output = new StringBuilder();
        if (tables.Contains("one-sample"))
        {
            OneSampleTables(output, streams, prior);
        }

        if (tables.Contains("two-sample"))
        {
            output.AppendLine(Invariant, $"### Two-sample: canary error rate vs production 1 % (α = {Alpha}, α/2 per arm, {streams:N0} streams per row, horizon {Horizon:N0} canary requests)");
            output.AppendLine();
            TwoSampleTable(output, [0.01, 0.02, 0.05, 0.10], streams);
            output.AppendLine();
        }

        if (tables.Contains("aa"))
        {
            output.AppendLine(Invariant, $"### A/A false alarms: {aaStreams:N0} streams of {AaLength:N0} requests at the null boundary (60 s at 100 requests/s)");
            output.AppendLine();
            AaTable(output, [0.01, 0.05], aaStreams);
        }

        Console.Write(output.ToString());
        return 0;
    }

    private static void OneSampleTables(StringBuilder output, int streams, BetaPrior? prior)
    {
        output.AppendLine(Invariant, $"### One-sample: error rate above 1 % (α = {Alpha}, {streams:N0} streams per row, horizon {Horizon:N0} requests)");
        output.AppendLine();
        OneSampleTable(output, 0.01, [0.01, 0.02, 0.03, 0.05, 0.10, 0.20], streams, seed: 1, prior);
        output.AppendLine();
        output.AppendLine(Invariant, $"### One-sample: share of slow requests above 5 % (P95 above target; α = {Alpha}, {streams:N0} streams per row)");
        output.AppendLine();
        OneSampleTable(output, 0.05, [0.05, 0.075, 0.10, 0.20, 0.50, 1.0], streams, seed: 2, prior);
        output.AppendLine();
    }

    private static void OneSampleTable(StringBuilder output, double threshold, double[] trueRates, int streams, int seed, BetaPrior? priorOverride)
    {
        var prior = priorOverride ?? BetaPrior.ForThreshold(threshold);
        output.AppendLine(Invariant, $"Prior {Format(prior)}. Checked after every request; delay in requests of the guarded version, seconds at {RequestsPerSecond:N0} requests/s.");
        output.AppendLine();
        output.AppendLine("| True rate | Median (requests) | P90 (requests) | Detected within 10,000 | Median (s) | P90 (s) |");
        output.AppendLine("|---|---|---|---|---|---|");
        var logInverseAlpha = Math.Log(1 / Alpha);
        for (var row = 0; row < trueRates.Length; row++)
        {
            var trueRate = trueRates[row];
            var delays = new int[streams];
            Parallel.For(0, streams, () => new BernoulliMixtureStream(threshold, prior), (i, _, stream) =>
            {
                var random = new Random(StreamSeed(seed, row, i));
                stream.Reset();
                delays[i] = int.MaxValue;
                for (var n = 1; n <= Horizon; n++)
                {
                    stream.Observe(random.NextDouble() < trueRate);
                    if (stream.ExceedsRate(logInverseAlpha))
                    {
                        delays[i] = n;
                        break;
                    }
                }

                return stream;
            }, _ => { });
            AppendDelayRow(output, Percent(trueRate), delays);
        }
    }

    private static void TwoSampleTable(StringBuilder output, double[] canaryRates, int streams)
    {
        const double ProductionRate = 0.01;
        var prior = BetaPrior.ForThreshold(ProductionRate);
        output.AppendLine(Invariant, $"Both arms use prior {Format(prior)}. Trips when the canary's lower limit at α/2 exceeds production's upper limit at α/2; checked after every canary request. Delay in canary requests, seconds at {RequestsPerSecond:N0} canary requests/s.");
        output.AppendLine();
        output.AppendLine("| Canary share | Canary rate | Median (requests) | P90 (requests) | Detected within 10,000 | Median (s) | P90 (s) |");
        output.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (share, productionPerCanary) in new[] { ("10 %", 9), ("50 %", 1) })
        {
            for (var row = 0; row < canaryRates.Length; row++)
            {
                var canaryRate = canaryRates[row];
                var delays = new int[streams];
                Parallel.For(0, streams, i =>
                {
                    var random = new Random(StreamSeed(10 + productionPerCanary, row, i));
                    delays[i] = TwoSampleDelay(random, canaryRate, ProductionRate, productionPerCanary, prior);
                });
                AppendDelayRow(output, $"{share} | {Percent(canaryRate)}", delays);
            }
        }
    }

    /// <summary>
    /// Canary requests until the canary's lower limit (α/2) passes production's upper limit (α/2).
    /// L_c &gt; U_p holds exactly when U_p is below the canary's MLE and the canary's sequence
    /// excludes U_p, which needs one bisection (for U_p) instead of two; and since
    /// p̂_p ≤ U_p, it cannot hold unless the canary already excludes p̂_p, a one-evaluation
    /// screen that skips most looks.
    /// </summary>
    private static int TwoSampleDelay(Random random, double canaryRate, double productionRate, int productionPerCanary, BetaPrior prior)
    {
        var logInverseHalfAlpha = Math.Log(2 / Alpha);
        long canaryEvents = 0, productionEvents = 0, productionTrials = 0;
        for (var n = 1; n <= Horizon; n++)
        {
            canaryEvents += random.NextDouble() < canaryRate ? 1 : 0;
            for (var k = 0; k < productionPerCanary; k++)
            {
                productionEvents += random.NextDouble() < productionRate ? 1 : 0;
                productionTrials++;
            }

            var canaryMle = (double)canaryEvents / n;
            var productionMle = (double)productionEvents / productionTrials;
            if (canaryMle <= productionMle)
            {
                continue;
            }

            if (productionMle > 0 && BernoulliConfidenceSequence.LogMixture(canaryEvents, n, productionMle, prior) < logInverseHalfAlpha)
            {
                continue;
            }

            var productionUpper = BernoulliConfidenceSequence.Bounds(productionEvents, productionTrials, Alpha / 2, prior).Upper;
            if (productionUpper < canaryMle && BernoulliConfidenceSequence.Excludes(canaryEvents, n, productionUpper, Alpha / 2, prior))
            {
                return n;
            }
        }

        return int.MaxValue;
    }

    private static void AaTable(StringBuilder output, double[] rates, int streams)
    {
        output.AppendLine("Share of streams with at least one alarm, with its Wilson 95 % interval. The confidence sequence is checked after every request; the fixed-horizon one-sided z-test at 1 % after every 100 requests (60 looks) and after every request.");
        output.AppendLine();
        output.AppendLine("| p0 | Test | Nominal level | False alarms | Rate | Wilson 95 % |");
        output.AppendLine("|---|---|---|---|---|---|");
        for (var row = 0; row < rates.Length; row++)
        {
            var rate = rates[row];
            var prior = BetaPrior.ForThreshold(rate);
            var strict = Math.Log(1 / 0.002);
            var loose = Math.Log(1 / 0.01);
            var alarms = new int[4];
            Parallel.For(0, streams, () => (Stream: new BernoulliMixtureStream(rate, prior), Counts: new int[4]), (i, _, local) =>
            {
                var random = new Random(StreamSeed(20, row, i));
                var stream = local.Stream;
                stream.Reset();
                var fired = new bool[4];
                for (var n = 1; n <= AaLength; n++)
                {
                    stream.Observe(random.NextDouble() < rate);
                    fired[1] |= stream.ExceedsRate(loose);
                    fired[0] |= fired[1] && stream.ExceedsRate(strict);
                    var z = (((double)stream.Events / n) - rate) / Math.Sqrt(rate * (1 - rate) / n);
                    fired[3] |= z > Z99;
                    fired[2] |= n % PeekEvery == 0 && z > Z99;
                }

                for (var k = 0; k < 4; k++)
                {
                    local.Counts[k] += fired[k] ? 1 : 0;
                }

                return local;
            }, local =>
            {
                lock (alarms)
                {
                    for (var k = 0; k < 4; k++)
                    {
                        alarms[k] += local.Counts[k];
                    }
                }
            });

            string[] tests = ["Confidence sequence, every request", "Confidence sequence, every request", $"z-test, every {PeekEvery} requests", "z-test, every request"];
            double[] levels = [0.002, 0.01, 0.01, 0.01];
            for (var k = 0; k < 4; k++)
            {
                var estimate = Proportion.Wilson(alarms[k], streams);
                output.AppendLine(Invariant, $"| {Percent(rate)} | {tests[k]} | {Percent(levels[k])} | {alarms[k]:N0} / {streams:N0} | {Percent(estimate.Value)} | {Percent(estimate.Low)} – {Percent(estimate.High)} |");
            }
        }
    }

    private static void AppendDelayRow(StringBuilder output, string label, int[] delays)
    {
        Array.Sort(delays);
        var detected = delays.Count(d => d != int.MaxValue);
        var median = NearestRank(delays, 0.5);
        var p90 = NearestRank(delays, 0.9);
        output.AppendLine(Invariant, $"| {label} | {Requests(median)} | {Requests(p90)} | {Percent((double)detected / delays.Length)} | {Seconds(median)} | {Seconds(p90)} |");
    }

    private static int NearestRank(int[] sorted, double quantile) => sorted[(int)Math.Ceiling(quantile * sorted.Length) - 1];

    private static string Requests(int delay) => delay == int.MaxValue ? $"> {Horizon:N0}" : delay.ToString("N0", Invariant);

    private static string Seconds(int delay) =>
        delay == int.MaxValue ? $"> {Horizon / RequestsPerSecond:N0}" : (delay / RequestsPerSecond).ToString("N2", Invariant);

    private static string Percent(double value) => (100 * value).ToString(value < 0.001 && value > 0 ? "0.###" : "0.##", Invariant) + " %";

    private static string Format(BetaPrior prior) => $"Beta({prior.A.ToString("0.##", Invariant)}, {prior.B.ToString("0.##", Invariant)})";

    private static int StreamSeed(int table, int row, int stream) => unchecked((table * 1_000_003) + (row * 100_003) + stream);
}
