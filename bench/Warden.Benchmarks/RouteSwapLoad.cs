using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Warden.Benchmarks;

/// <summary>
/// <c>route-swap ADMIN_URL SERVICE --rate 100 --seconds 20</c>: changes a gateway's route table
/// at a fixed rate while bench/gateway.sh runs wrk through it, cycling the canary weight, and
/// reports how many changes were applied and refused. Used by bench/gateway.sh.
/// </summary>
internal static class RouteSwapLoad
{
    private static readonly string[] Weights = ["0", "30", "60", "100", "50"];

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: route-swap GATEWAY_URL SERVICE [--production V] [--canary V] [--rate PER_SECOND] [--seconds N]");
            return 2;
        }

        var gateway = args[0].TrimEnd('/');
        var service = args[1];
        var production = LoadArgs.Value(args, "--production", "v1");
        var canary = LoadArgs.Value(args, "--canary", "v2");
        var rate = LoadArgs.Number(args, "--rate", 100);
        var seconds = LoadArgs.Number(args, "--seconds", 20);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"{gateway}/admin/routes/{service}";
        var interval = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        long applied = 0, refused = 0, failed = 0;
        var next = TimeSpan.Zero;
        for (var i = 0; clock.Elapsed.TotalSeconds < seconds; i++)
        {
            var body = $"{{\"production\":\"{production}\",\"canary\":\"{canary}\",\"canary_weight\":{Weights[i % Weights.Length]}}}";
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                using var response = client.PutAsync(url, content).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    applied++;
                }
                else
                {
                    refused++;
                }
            }
            catch (HttpRequestException)
            {
                failed++;
            }

            next += interval;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }

        var achieved = applied / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"route-swap: {applied} applied, {refused} refused, {failed} failed in {clock.Elapsed.TotalSeconds:0.0} s ({achieved:0.0}/s)"));
        return refused + failed == 0 ? 0 : 1;
    }
}
