using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Warden.Benchmarks;

/// <summary>
/// <c>replica-converge SERVER_ADMIN SERVICE REPLICA_ADMIN... [--changes 40] [--pause-ms 250]</c>:
/// changes a route on the server that records it (PUT /admin/routes/SERVICE, alternating the
/// canary weight so each PUT is a change), then polls every replica's admin API without pause
/// until it serves the new weight, and reports per replica how long after the server's answer
/// (the change recorded and published there) it followed: min, median, P95, max. Used by
/// bench/replicas.sh while wrk loads the replicas.
/// </summary>
internal static class ReplicaConvergence
{
    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: replica-converge SERVER_ADMIN SERVICE REPLICA_ADMIN... [--changes N] [--pause-ms MS] [--canary V]");
            return 2;
        }

        var server = args[0].TrimEnd('/');
        var service = args[1];
        var replicas = args[2..].TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.TrimEnd('/')).ToArray();
        var changes = (int)LoadArgs.Number(args, "--changes", 40);
        var pause = TimeSpan.FromMilliseconds(LoadArgs.Number(args, "--pause-ms", 250));
        var canary = LoadArgs.Value(args, "--canary", "v2");
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var followed = replicas.ToDictionary(r => r, _ => new List<double>());
        var published = new List<double>();
        for (var i = 0; i < changes; i++)
        {
            var weight = i % 2 == 0 ? 10 : 20;
            using var content = new StringContent($"{{\"canary\":\"{canary}\",\"canary_weight\":{weight},\"reason\":\"replica-converge {i}\"}}", Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var sent = Stopwatch.GetTimestamp();
            using (var response = client.PutAsync($"{server}/admin/routes/{service}", content).GetAwaiter().GetResult())
            {
                if (!response.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"replica-converge: change {i} refused: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
                    return 1;
                }
            }

            var answered = Stopwatch.GetTimestamp();
            published.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            var waiting = Task.WhenAll(replicas.Select(r => Task.Run(() => followed[r].Add(WaitFor(client, r, service, weight, answered)))));
            waiting.GetAwaiter().GetResult();
            Thread.Sleep(pause);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replica-converge: {changes} route changes; recorded and published by the server in {Summary(published)} ms (PUT round trip)"));
        foreach (var (replica, times) in followed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {replica}: serving the change {Summary(times)} ms after the server answered"));
        }

        var all = followed.Values.SelectMany(t => t).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  every replica: max {all.Max():0.0} ms ({(all.Max() < 1000 ? "within" : "NOT within")} the 1 s target)"));
        return 0;
    }

    // Polls without pause: the figure is the follower's delay, not the poll's.
    private static double WaitFor(HttpClient client, string replica, string service, int weight, long since)
    {
        var deadline = since + Stopwatch.Frequency * 30;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var json = JsonNode.Parse(client.GetStringAsync($"{replica}/admin/routes/{service}").GetAwaiter().GetResult())!;
            if ((json["canary_weight"] ?? json["route"]?["canary_weight"]) is JsonValue value && value.GetValue<double>() == weight)
            {
                return Stopwatch.GetElapsedTime(since).TotalMilliseconds;
            }
        }

        throw new TimeoutException($"{replica} did not follow within 30 s");
    }

    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(q * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"min {sorted[0]:0.0} / median {At(0.5):0.0} / P95 {At(0.95):0.0} / max {sorted[^1]:0.0}");
    }
}
