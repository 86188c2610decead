using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Warden.Access;
using Warden.Api;
using Warden.Cli;
using Warden.Cli.Rollout;
using Warden.Core.Policy;
using Warden.Core.Reports;
using Warden.Core.Rollouts;
using Warden.Rollouts;
using Warden.Storage.Sqlite;

namespace Warden.Benchmarks;

/// <summary>
/// What the REST API adds to a read of a rollout's status (issue 16: ≤ 1 ms at P99 under 200
/// requests/s). One Kestrel on 127.0.0.1 over a real SQLite store holding a registered model and a
/// stored rollout serves the same read twice: <c>GET /api/v1/rollouts/ranker/status</c> (bearer
/// token checked: hash, expiry, revocation, the audit log vouching for its row; role; problem
/// wording) and a peer <c>GET /bench/rollouts/ranker/status</c> that runs the same handler with no
/// access check. Both at a fixed rate (FixedRateLoad: latency from the due time), in alternating
/// rounds so drift on a shared machine hits both; the figure is P99(API) − P99(peer).
/// Usage: api [--rate 200] [--seconds 20] [--rounds 3]
/// </summary>
internal static class ApiLoad
{
    public static int Run(string[] args)
    {
        var rate = Option(args, "--rate", 200.0);
        var seconds = Option(args, "--seconds", 20.0);
        var rounds = (int)Option(args, "--rounds", 3.0);
        var dir = Directory.CreateTempSubdirectory("warden-api-bench.").FullName;
        try
        {
            return RunAsync(dir, rate, seconds, rounds).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string dir, double rate, double seconds, int rounds)
    {
        var data = Path.Combine(dir, "data");
        foreach (var version in new[] { "v1", "v2" })
        {
            var artifact = Path.Combine(dir, $"{version}.bin");
            await File.WriteAllTextAsync(artifact, $"weights {version}");
            Cli("registry", "add", "ranker", version, "--artifact", artifact, "--allow-root", dir, "--data-dir", data, "--actor", "bench");
        }

        Cli("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "bench", "--data-dir", data, "--actor", "bench");
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = data });

        // A rollout of v2 in shadow, stored as 'warden rollout start' stores it (attested start event).
        await store.WriteAsync(async (tx, ct) =>
        {
            var start = RolloutMachine.Start("bench-v2", "ranker", "v2", "v1", shadowOnly: false, tx.Now);
            var added = await tx.Rollouts.AddAsync(start.Next, RolloutPlanJson.Write(new RolloutPlan()), null, "bench", ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("a rollout is already running");
            await RolloutTransitions.RecordStartAsync(tx, added, start, new RolloutInput("start", "bench"), "bench", ct).ConfigureAwait(false);
            return 0;
        });
        var token = (await new TokenIssuer(store).CreateAsync("bench-viewer", Role.Viewer, null, "bench")).Text;

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddApi();
        await using var app = builder.Build();
        var policy = new VerdictPolicy();
        // The server's warden.yaml, as 'warden serve' passes it to every command the API runs.
        var config = Path.Combine(dir, "warden.yaml");
        await File.WriteAllTextAsync(config, "policy:\n  minimum_samples: { requests: 200 }\n  error_rate: { limit: 0.05 }\ngateway:\n  services:\n    ranker:\n      backends: { v1: \"http://127.0.0.1:9/\", v2: \"http://127.0.0.1:9/\" }\n      production: v1\nrollout:\n  plan:\n    steps: [25, 50]\n");
        ApiHosting.Map(app, store, new CommandEndpointOptions { DataDirectory = data, ConfigPath = config }, TimeProvider.System);
        app.MapGet("/bench/rollouts/{service}/status", async (string service, CancellationToken ct) =>
            Results.Text(JsonSerializer.Serialize(RolloutStatusCommand.Json(await RolloutStatusView.ReadAsync(store, service, policy, null, ct)), JsonOutput.Options), "application/json"));
        await app.StartAsync();
        var root = app.Urls.First();

        using var api = new FixedRateLoad(new Uri($"{root}/api/v1/rollouts/ranker/status"), null, "application/json", 8) { Headers = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" } };
        using var peer = new FixedRateLoad(new Uri($"{root}/bench/rollouts/ranker/status"), null, "application/json", 8);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"== REST API read of a rollout's status vs the same read without the API's access check: {rate:0} requests/s, {rounds} rounds of {seconds:0} s each, alternating"));
        api.WarmUp(rate, 3);
        peer.WarmUp(rate, 3);
        var withApi = new List<FixedRateLoad.Sample>();
        var without = new List<FixedRateLoad.Sample>();
        for (var round = 1; round <= rounds; round++)
        {
            var p = peer.Run(rate, seconds);
            var a = api.Run(rate, seconds);
            without.AddRange(p);
            withApi.AddRange(a);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: peer P99 {P(p, 0.99):0.000} ms, API P99 {P(a, 0.99):0.000} ms"));
        }

        var failed = withApi.Count(s => s.Status != 200) + without.Count(s => s.Status != 200);
        var delta = P(withApi, 0.99) - P(without, 0.99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peer (no access check): P50 {P(without, 0.5):0.000} ms, P99 {P(without, 0.99):0.000} ms, n = {without.Count}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API (token + role):     P50 {P(withApi, 0.5):0.000} ms, P99 {P(withApi, 0.99):0.000} ms, n = {withApi.Count}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the API adds {delta:+0.000;-0.000} ms at P99 (target <= 1 ms); {failed} request(s) not answered 200"));
        await app.StopAsync();
        return failed == 0 && delta <= 1.0 ? 0 : 1;
    }

    // The nearest-rank quantile of the latencies (from the due time).
    private static double P(IReadOnlyCollection<FixedRateLoad.Sample> samples, double q)
    {
        var sorted = samples.Select(s => s.LatencyMs).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static void Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = WardenCli.RunAsync(args, CliEnvironment.Plain(output, error)).GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"warden {string.Join(' ', args)}: exit {code}\n{error}");
        }
    }
}
