using System.Globalization;
using System.Text;

namespace Warden.Benchmarks;

/// <summary>Deterministic inputs for the benchmarks (fixed seeds), built in memory.</summary>
internal static class SyntheticData
{
    /// <summary>Typical telemetry lines, like the reference model server writes.</summary>
    public static byte[] TelemetryJsonl(int lines, int seed = 1)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var text = new StringBuilder(lines * 110);
        for (var i = 0; i < lines; i++)
        {
            var ts = start.AddMilliseconds(i * 3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var latency = LogNormal(random, 22, 0.35).ToString("0.###", CultureInfo.InvariantCulture);
            var status = random.NextDouble() < 0.005 ? 503 : 200;
            text.Append(CultureInfo.InvariantCulture, $"{{\"ts\":\"{ts}\",\"version\":\"v{1 + (i & 1)}\",\"latency_ms\":{latency},\"status\":{status},\"ok\":{(status == 200 ? "true" : "false")},\"key\":\"u-{random.Next(10000):D4}\"}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Telemetry in CSV form with the same fields.</summary>
    public static byte[] TelemetryCsv(int lines, int seed = 1)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var text = new StringBuilder(lines * 60);
        text.Append("ts,version,latency_ms,status,ok,key\n");
        for (var i = 0; i < lines; i++)
        {
            var ts = start.AddMilliseconds(i * 3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var latency = LogNormal(random, 22, 0.35).ToString("0.###", CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{ts},v{1 + (i & 1)},{latency},200,true,u-{random.Next(10000):D4}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A TREC qrels and run of <paramref name="queries"/> × <paramref name="docs"/> as text.</summary>
    public static (byte[] Qrels, byte[] Labels, byte[] RunA, byte[] RunB) Ranking(int queries, int docs, int seed = 2)
    {
        var random = new Random(seed);
        var qrels = new StringBuilder();
        var labels = new StringBuilder();
        var runA = new StringBuilder();
        var runB = new StringBuilder();
        for (var q = 0; q < queries; q++)
        {
            for (var d = 0; d < docs; d++)
            {
                var rel = random.NextDouble() < 0.2 ? random.Next(1, 4) : 0;
                if (d < docs / 2)
                {
                    qrels.Append(CultureInfo.InvariantCulture, $"q{q} 0 d{d} {rel}\n");
                }

                labels.Append(CultureInfo.InvariantCulture, $"q{q} 0 d{d} {(random.NextDouble() < 0.6 ? 1 : 0)}\n");
                runA.Append(CultureInfo.InvariantCulture, $"q{q} Q0 d{d} {d + 1} {(rel + Gaussian(random)).ToString("0.0000", CultureInfo.InvariantCulture)} a\n");
                runB.Append(CultureInfo.InvariantCulture, $"q{q} Q0 d{d} {d + 1} {((1.2 * rel) + Gaussian(random)).ToString("0.0000", CultureInfo.InvariantCulture)} b\n");
            }
        }

        return (Bytes(qrels), Bytes(labels), Bytes(runA), Bytes(runB));

        static byte[] Bytes(StringBuilder s) => Encoding.UTF8.GetBytes(s.ToString());
    }

    public static double LogNormal(Random random, double median, double sigma) => median * Math.Exp(sigma * Gaussian(random));

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
