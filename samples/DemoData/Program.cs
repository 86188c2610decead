using System.Globalization;
using System.Text;

// Writes the demo dataset under samples/data deterministically (fixed seeds): request telemetry
// for a production model v1 and a candidate v2, and a ranking evaluation set (qrels, compliance
// labels, v1/v2 runs and v2's visual-ablated twin). Run from the repository root:
//   dotnet run --project samples/DemoData -- samples/data
// The files are committed; rerunning must reproduce them byte for byte.
var outDir = args.Length > 0 ? args[0] : Path.Combine("samples", "data");
Directory.CreateDirectory(outDir);
Telemetry.Write(outDir);
RankingSet.Write(outDir);
Console.WriteLine($"wrote demo data to {outDir}");

internal static class Telemetry
{
    public static void Write(string dir)
    {
        var start = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var rows = new List<(DateTimeOffset Ts, string Line, string Csv)>();
        AddVersion(rows, new Random(11), start, "v1", medianMs: 24.0, sigma: 0.32, errorRate: 0.006);
        AddVersion(rows, new Random(22), start, "v2", medianMs: 21.0, sigma: 0.30, errorRate: 0.003);
        Sort(rows);
        WriteJsonl(Path.Combine(dir, "requests.jsonl"), rows);

        // An under-powered capture: the first 8 seconds only (about 900 requests per version).
        WriteJsonl(Path.Combine(dir, "requests-short.jsonl"), rows.Where(r => r.Ts < start.AddSeconds(8)).ToList());

        // A slow candidate: v2 with a median of 41 ms, so its P95 is well above 50 ms.
        var slow = new List<(DateTimeOffset Ts, string Line, string Csv)>();
        AddVersion(slow, new Random(11), start, "v1", medianMs: 24.0, sigma: 0.32, errorRate: 0.006);
        AddVersion(slow, new Random(44), start, "v2", medianMs: 41.0, sigma: 0.30, errorRate: 0.003);
        Sort(slow);
        WriteJsonl(Path.Combine(dir, "requests-slow.jsonl"), slow);

        // Traffic of v1 and of v3, the candidate whose visual features do nothing (fast and healthy).
        var v3 = new List<(DateTimeOffset Ts, string Line, string Csv)>();
        AddVersion(v3, new Random(11), start, "v1", medianMs: 24.0, sigma: 0.32, errorRate: 0.006);
        AddVersion(v3, new Random(55), start, "v3", medianMs: 20.0, sigma: 0.30, errorRate: 0.003);
        Sort(v3);
        WriteJsonl(Path.Combine(dir, "requests-v3.jsonl"), v3);

        // The CSV twin holds the first 2,000 requests: enough to show the format.
        using var csv = new StreamWriter(Path.Combine(dir, "requests.csv"), false, new UTF8Encoding(false)) { NewLine = "\n" };
        csv.WriteLine("ts,version,latency_ms,status,ok,key,error");
        foreach (var row in rows.Take(2000))
        {
            csv.WriteLine(row.Csv);
        }
    }

    private static void Sort(List<(DateTimeOffset Ts, string Line, string Csv)> rows) =>
        rows.Sort((a, b) => a.Ts.CompareTo(b.Ts) != 0 ? a.Ts.CompareTo(b.Ts) : string.CompareOrdinal(a.Line, b.Line));

    private static void WriteJsonl(string path, List<(DateTimeOffset Ts, string Line, string Csv)> rows)
    {
        using var jsonl = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var row in rows)
        {
            jsonl.WriteLine(row.Line);
        }
    }

    private static void AddVersion(List<(DateTimeOffset, string, string)> rows, Random random, DateTimeOffset start, string version, double medianMs, double sigma, double errorRate)
    {
        // Poisson arrivals at 110 requests/s for 120 s; log-normal latency with a 1 % slow tail.
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - random.NextDouble()) / 110.0;
            if (t >= 120)
            {
                break;
            }

            var ts = start.AddTicks((long)(t * TimeSpan.TicksPerSecond) / 10_000 * 10_000);
            var latency = medianMs * Math.Exp(sigma * Gaussian(random));
            if (random.NextDouble() < 0.01)
            {
                latency *= 2.5;
            }

            var u = random.NextDouble();
            var (status, ok, error) = u < errorRate ? (503, false, "upstream_unavailable")
                : u < errorRate + 0.004 ? (429, false, "rate_limited")
                : (200, true, (string?)null);
            var key = $"u-{random.Next(5000):D4}";
            var lat = Math.Round(latency, 3).ToString("0.###", CultureInfo.InvariantCulture);
            var tsText = ts.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var errorJson = error is null ? string.Empty : $",\"error\":\"{error}\"";
            var line = $"{{\"ts\":\"{tsText}\",\"version\":\"{version}\",\"latency_ms\":{lat},\"status\":{status},\"ok\":{(ok ? "true" : "false")},\"key\":\"{key}\"{errorJson}}}";
            var csv = $"{tsText},{version},{lat},{status},{(ok ? "true" : "false")},{key},{error}";
            rows.Add((ts, line, csv));
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal static class RankingSet
{
    private const int Queries = 200;
    private const int DocsPerQuery = 50;

    public static void Write(string dir)
    {
        var random = new Random(33);
        using var qrels = Open(dir, "qrels.txt");
        using var compliance = Open(dir, "compliance.qrels");
        var docs = new List<(string Qid, string Doc, int Rel, bool Compliant, double Text, double Visual, double V2Noise)>();
        for (var q = 1; q <= Queries; q++)
        {
            var qid = $"q{q:D3}";
            for (var d = 1; d <= DocsPerQuery; d++)
            {
                var rel = random.NextDouble() switch { < 0.55 => 0, < 0.80 => 1, < 0.93 => 2, _ => 3 };
                var compliant = random.NextDouble() < 0.6;
                var text = (0.6 * rel) + Gaussian(random);
                var visual = (0.5 * rel) + (compliant ? 0.9 : 0) + (0.8 * Gaussian(random));
                var doc = $"{qid}-d{d:D2}";
                docs.Add((qid, doc, rel, compliant, text, visual, 0.4 * Gaussian(random)));

                // Judges saw 40 of the 50 documents; the rest are unjudged (non-relevant to trec_eval).
                if (d <= 40)
                {
                    qrels.WriteLine($"{qid} 0 {doc} {rel}");
                }

                compliance.WriteLine($"{qid} 0 {doc} {(compliant ? 1 : 0)}");
            }
        }

        WriteRun(dir, "v1.run", "v1-text", docs, d => d.Text);
        // v2 re-weights text, adds the visual signal and has its own model noise; its ablated twin
        // is the same model with the visual features replaced by their mean (about 0.75).
        WriteRun(dir, "v2.run", "v2-multimodal", docs, d => (1.1 * d.Text) + (0.9 * d.Visual) + d.V2Noise);
        WriteRun(dir, "v2-ablated.run", "v2-no-visual", docs, d => (1.1 * d.Text) + (0.9 * 0.75) + d.V2Noise);

        // v3 claims to be multimodal but its visual weight is zero: ablating it changes nothing.
        WriteRun(dir, "v3.run", "v3-multimodal", docs, d => (1.1 * d.Text) + (0.2 * d.V2Noise));
        WriteRun(dir, "v3-ablated.run", "v3-no-visual", docs, d => (1.1 * d.Text) + (0.2 * d.V2Noise));
    }

    private static void WriteRun(string dir, string name, string tag, List<(string Qid, string Doc, int Rel, bool Compliant, double Text, double Visual, double V2Noise)> docs, Func<(string Qid, string Doc, int Rel, bool Compliant, double Text, double Visual, double V2Noise), double> score)
    {
        using var run = Open(dir, name);
        foreach (var group in docs.GroupBy(d => d.Qid))
        {
            // Scores rounded to 3 decimals, so a few ties occur and trec_eval's tie rule matters.
            var ranked = group.Select(d => (d.Doc, Score: Math.Round(score(d), 3)))
                .OrderByDescending(d => d.Score).ThenByDescending(d => d.Doc, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ranked.Count; i++)
            {
                run.WriteLine($"{group.Key} Q0 {ranked[i].Doc} {i + 1} {ranked[i].Score.ToString("0.000", CultureInfo.InvariantCulture)} {tag}");
            }
        }
    }

    private static StreamWriter Open(string dir, string name) =>
        new(Path.Combine(dir, name), false, new UTF8Encoding(false)) { NewLine = "\n" };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
