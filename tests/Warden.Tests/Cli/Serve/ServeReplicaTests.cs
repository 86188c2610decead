using System.Diagnostics;
using System.Text.Json.Nodes;
using Warden.Storage.Postgres.Tests;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;
using Xunit.Abstractions;

namespace Warden.Tests.Cli.Serve;

/// <summary>
/// Gateway replicas (<c>warden serve --role gateway</c>) on one store with a full server: real
/// processes, real model servers, traffic through both replicas while the server's route changes.
/// Both replicas follow it (PostgreSQL: told at the commit; SQLite: the 250 ms poll), record nothing
/// themselves, serve /metrics, and a replica started later starts on the recorded route, not its file's.
/// </summary>
public sealed class ServeReplicaTests(ModelServerPair models, ITestOutputHelper output) : IClassFixture<ModelServerPair>, IAsyncLifetime
{
    private static readonly byte[] InferBody = File.ReadAllBytes(RepoPaths.Sample("ModelServer", "bench-request.json"));

    private readonly TempDirectory _dir = new();
    private readonly TestDatabase _database = new();
    private readonly List<ChildProcess> _processes = [];
    private readonly Dictionary<string, string> _variables = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("PGPASSWORD") is { } password)
        {
            _variables["PGPASSWORD"] = password;
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _http.Dispose();
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task RouteChange_UnderLoad_BothReplicasFollowAndALateReplicaStartsOnIt(string kind)
    {
        var store = kind == "postgres" ? _database.StoreUrl() : $"sqlite:{_dir.File("data")}";
        var config = _dir.File("warden.yaml");
        File.WriteAllText(config, $"""
            gateway:
              health: {"{"} interval_ms: 500 {"}"}
              services:
                ranker:
                  backends: {"{"} v1: "{models.V1}", v2: "{models.V2}" {"}"}
                  production: v1
            """);
        var server = await StartAsync(config, store, "all");
        var replicas = new[] { await StartAsync(config, store, "gateway"), await StartAsync(config, store, "gateway") };
        var eventsBefore = Events(store);

        using var stopLoad = new CancellationTokenSource();
        var load = replicas.SelectMany(r => Enumerable.Range(0, 2).Select(_ => LoadAsync(r.Url, stopLoad.Token))).ToArray();
        await Task.Delay(500);

        var started = Stopwatch.GetTimestamp();
        var set = CliRun.WithVariables(_variables, "route", "set", "ranker", "--canary", "v2", "--weight", "10", "--reason", "replica test", "--gateway", server.Admin.ToString());
        var recorded = Stopwatch.GetElapsedTime(started);
        Assert.True(set.ExitCode == 0, set.Error);
        var converged = await Task.WhenAll(replicas.Select(r => WaitForCanaryAsync(r.Admin, started)));
        await stopLoad.CancelAsync();
        var (sent, ok) = (await Task.WhenAll(load)).Aggregate((0L, 0L), (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2));
        output.WriteLine($"{kind}: change recorded and published by the server {recorded.TotalMilliseconds:0.0} ms after the call; replicas serving it {string.Join(" / ", converged.Select(c => $"{c.TotalMilliseconds:0.0} ms"))}; load {ok}/{sent} answered 200");

        Assert.True(sent > 0 && ok == sent, $"{sent - ok} of {sent} requests through the replicas failed");
        Assert.Equal(eventsBefore + 1, Events(store));
        foreach (var replica in replicas)
        {
            using var metrics = await _http.GetAsync(new Uri(replica.Url, "metrics"));
            Assert.Equal(System.Net.HttpStatusCode.OK, metrics.StatusCode);
            Assert.Contains("warden_gateway_requests_total", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A replica started now starts on the recorded route (canary v2), not on warden.yaml's (none).
        var late = await StartAsync(config, store, "gateway");
        Assert.Equal("v2", await CanaryAsync(late.Admin));
        Assert.Equal(eventsBefore + 1, Events(store));
    }

    private async Task<TimeSpan> WaitForCanaryAsync(Uri admin, long started)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await CanaryAsync(admin) == "v2")
            {
                return Stopwatch.GetElapsedTime(started);
            }

            await Task.Delay(2);
        }

        throw new Xunit.Sdk.XunitException($"the replica at {admin} did not follow the route change within 10 s");
    }

    private async Task<string?> CanaryAsync(Uri admin)
    {
        var json = JsonNode.Parse(await _http.GetStringAsync(new Uri(admin, "admin/routes/ranker")))!;
        return (json["canary"] ?? json["route"]?["canary"]) is JsonValue value && value.TryGetValue<string>(out var version) ? version : null;
    }

    private async Task<(long Sent, long Ok)> LoadAsync(Uri url, CancellationToken stop)
    {
        long sent = 0, ok = 0;
        while (!stop.IsCancellationRequested)
        {
            using var content = new ByteArrayContent(InferBody);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "ranker/v2/models/ranker/infer")) { Content = content };
            request.Headers.Add("X-Warden-Key", $"user-{sent}");
            sent++;
            using var response = await _http.SendAsync(request, CancellationToken.None);
            ok += response.IsSuccessStatusCode ? 1 : 0;
        }

        return (sent, ok);
    }

    private long Events(string store)
    {
        var head = CliRun.WithVariables(_variables, "audit", "head", "--store", store, "--json");
        Assert.True(head.ExitCode == 0, head.Error);
        return JsonNode.Parse(head.Out)!["head"]?["seq"]?.GetValue<long>() ?? 0;
    }

    private async Task<(Uri Url, Uri Admin)> StartAsync(string config, string store, string role)
    {
        var process = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "warden.dll"),
            ["serve", "--config", config, "--role", role, "--store", store, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir.File($"data-{_processes.Count}"), "--actor", $"svc-{role}"],
            _dir.Path,
            new Dictionary<string, string>(_variables) { ["DOTNET_gcServer"] = "0" });
        _processes.Add(process);
        var line = await process.WaitForLineAsync("warden gateway listening on ", TimeSpan.FromSeconds(30));
        var addresses = line["warden gateway listening on ".Length..].Split(", admin API on ");
        return (new Uri(addresses[0] + "/"), new Uri(addresses[1].Split(' ')[0] + "/"));
    }

}
