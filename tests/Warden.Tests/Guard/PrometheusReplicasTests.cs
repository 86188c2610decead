using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Evidence.Prometheus;
using Warden.Rollouts;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;
using Xunit.Abstractions;

namespace Warden.Tests.Guard;

/// <summary>
/// Prometheus as the evidence end to end: a <c>--role all</c> server and a <c>--role gateway</c>
/// replica on one store, their <c>/metrics</c> on the two fixed ports the real Prometheus that
/// ./test.sh starts scrapes every second (<c>WARDEN_TEST_METRICS_PORT</c>,
/// <c>WARDEN_TEST_METRICS_PORT_2</c>). Warden's own measurement sums both replicas; a faulty
/// canary served mostly by the replica is rolled back by the server's guard on Prometheus evidence,
/// with <c>prom:</c> ids in <c>rollout status</c>, the audit events and rollback_log.json; a
/// Prometheus that is down is no action and an INCONCLUSIVE guard with the reason. One class: its
/// tests run one after another, so only one of them binds the fixed ports at a time.
/// </summary>
public sealed partial class PrometheusReplicasTests(ModelServerPair models, ITestOutputHelper output) : IClassFixture<ModelServerPair>
{
    private const string Canary50 = "v1|v2|50|-";
    private const string Production1 = "v1|-|0|-";
    private const string CountSeries = "warden_gateway_request_duration_seconds_count";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly byte[] InferBody = File.ReadAllBytes(RepoPaths.Sample("ModelServer", "bench-request.json"));

    [Fact]
    public async Task Measure_KnownCountsThroughServerAndReplica_SumsBothReplicas()
    {
        var (prometheus, port, port2) = Environment();
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Evidence = EvidenceSection(prometheus) });
        rig.Register();
        var server = await rig.StartServeAsync($"http://127.0.0.1:{port}", "all");
        var replica = await rig.StartServeAsync($"http://127.0.0.1:{port2}", "gateway");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var client = new PrometheusClient(http, prometheus, TimeSpan.FromSeconds(5), TimeProvider.System);
        var (a, b) = ($"127.0.0.1:{port}", $"127.0.0.1:{port2}");
        var v1 = $"{{service=\"ranker\",version=\"v1\",arm=\"production\"}}";

        // Each gateway exports v1's production count at 0 from its start. Two more scrapes after
        // both are seen at 0, the window starts: every sample in it is this run's (a server of an
        // earlier test on the same port, same series, lies before it: a drop from its count to 0
        // inside the window would be read as a counter reset), and each series' first sample in
        // it is 0, so increase() counts every request and extrapolates nothing towards the start.
        await WaitForAsync(client, $"sum by (instance) ({CountSeries}{v1})", new() { [a] = 0, [b] = 0 });
        await Task.Delay(2500);
        var start = Millis(DateTimeOffset.UtcNow.AddSeconds(-1.5));

        // Different known counts through each, every one answered 200.
        const int throughServer = 150, throughReplica = 90;
        await SendAsync(http, server.Url, throughServer);
        await SendAsync(http, replica.Url, throughReplica);
        await WaitForAsync(client, $"sum by (instance) ({CountSeries}{v1})", new() { [a] = throughServer, [b] = throughReplica });

        // The raw counters, through Warden's own client: exact, summed over both replicas.
        var raw = await client.QueryAsync($"sum by (version) ({CountSeries}{{service=\"ranker\",arm=\"production\"}})", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(throughServer + throughReplica, Assert.Single(raw.Series, s => s.Labels["version"] == "v1").Last);

        // A longer window makes the extrapolation bound below tighter (it shrinks as 1 / window).
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(12))
        {
            await Task.Delay(250);
        }

        // Each replica alone (the selector is the instance), with the window ending on its own last
        // scrape: nothing to extrapolate at either end, so increase() is the exact count.
        var last = new Dictionary<string, DateTimeOffset>();
        foreach (var (instance, sent) in new[] { (a, throughServer), (b, throughReplica) })
        {
            last[instance] = await LastScrapeAsync(client, $"{CountSeries}{{service=\"ranker\",version=\"v1\",arm=\"production\",instance=\"{instance}\"}}");
            var one = await new PrometheusTrafficQuery(client, $"instance=\"{instance}\"").MeasureAsync("ranker", "v1", TrafficArm.Production, start, last[instance], 0.95, CancellationToken.None);
            Assert.True(one.Status == PrometheusQueryStatus.Samples, one.Reason);
            Assert.Equal((sent, 0L, sent), (one.Requests, one.Errors, one.Buckets[^1].Count));
        }

        // Both together, as the guard and the step analysis measure, at the later of the two last
        // scrapes. The other replica's last sample is d before the window's end (about a second at
        // most: scrapes are 1 s apart; the two timestamps are read one after the other, so a newer
        // scrape of it may lie in the window, which only makes d smaller), and Prometheus
        // extrapolates its increase by d (or half a scrape interval when d is over 1.1 of one):
        // × (S + d) / S, S its sampled span (from its first sample in the window, at most a scrape
        // interval and a little jitter after start, to its last). Nothing is extrapolated towards
        // the start (each series' first sample in the window is 0). So the sum is at least the true
        // count and at most the true count plus the other's count × d / S, rounded up.
        var end = last.Values.Max();
        var other = last.MinBy(l => l.Value);
        var otherCount = other.Key == a ? throughServer : throughReplica;
        var d = (end - other.Value).TotalSeconds;
        var sampled = (other.Value - start).TotalSeconds - 1.2;
        var slack = (long)Math.Ceiling(otherCount * d / sampled);
        var both = await new PrometheusTrafficQuery(client).MeasureAsync("ranker", "v1", TrafficArm.Production, start, end, 0.95, CancellationToken.None);
        Assert.True(both.Status == PrometheusQueryStatus.Samples, both.Reason);
        const long total = throughServer + throughReplica;
        Assert.True(
            both.Requests >= total && both.Requests <= total + slack,
            $"{both.Requests} requests measured over both replicas; expected {total} to {total + slack} (d {d:0.###} s, S ≥ {sampled:0.###} s)");
        output.WriteLine($"sent {throughServer} + {throughReplica}; measured over both {both.Requests} (bound {total}..{total + slack}: d {d:0.###} s, S >= {sampled:0.###} s)");
        Assert.Equal(0L, both.Errors);
        Assert.Equal(both.Requests, both.Buckets[^1].Count);
        Assert.StartsWith("prom:", both.Provenance[0], StringComparison.Ordinal);

        // v2 is not routed: no series, which is no data, never a pass.
        var v2 = await new PrometheusTrafficQuery(client).MeasureAsync("ranker", "v2", TrafficArm.Canary, start, end, 0.95, CancellationToken.None);
        Assert.Equal(PrometheusQueryStatus.NoData, v2.Status);
        Assert.Equal(Production1, await rig.RouteAsync(replica));
    }

    [Fact]
    public async Task Guard_FaultyCanaryThroughServerAndReplica_RollsBackOnPrometheusEvidence()
    {
        var (prometheus, port, port2) = Environment();

        // A step of at least a minute: the step analysis holds, and only the guard can act.
        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Evidence = EvidenceSection(prometheus), StepMinSeconds = 60 });
        rig.Register();
        var server = await rig.StartServeAsync($"http://127.0.0.1:{port}", "all");
        var replica = await rig.StartServeAsync($"http://127.0.0.1:{port2}", "gateway");

        // Traffic through both: three workers through the replica as fast as they go, one through
        // the server at about ten requests a second. The server's own counts alone hold a small share.
        await using var load = new Load(InferBody);
        load.Start(replica.Url, workers: 3, pause: TimeSpan.Zero);
        load.Start(server.Url, workers: 1, pause: TimeSpan.FromMilliseconds(100));
        rig.StartRollout();
        StoredRollout done;
        try
        {
            var canary = await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary || s.IsFinished || s.Paused, "to reach canary step 1", 60);
            Assert.True(canary.State.Phase == RolloutPhase.Canary, rig.Describe(canary));
            await rig.WaitForRouteAsync(server, Canary50);
            await rig.WaitForRouteAsync(replica, Canary50);

            // A few healthy scrapes first, then half of v2's answers fail.
            await Task.Delay(2000);
            await models.SetV2ErrorRateAsync(0.5);
            done = await rig.WaitForAsync(s => s.IsFinished, "to be rolled back by the guard on Prometheus evidence", 30);
        }
        finally
        {
            await models.SetV2ErrorRateAsync(0);
        }

        Assert.True(done.State.Phase == RolloutPhase.RolledBack, rig.Describe(done));
        await rig.WaitForRouteAsync(server, Production1);
        await rig.WaitForRouteAsync(replica, Production1);

        // The history's last row: the guard, on prometheus evidence — the six queries of the canary
        // phase (requests, errors, buckets of v2 and of v1), each a prom: id over the range it read.
        var history = rig.History();
        Assert.Equal(["shadow", "canary step 1", "rolled_back"], history.Select(e => e["to"]!.GetValue<string>()));
        Assert.Equal(["start", "verdict", "guard"], history.Select(e => e["input"]!.GetValue<string>()));
        var detail = history[^1]["detail"]!;
        Assert.Equal("prometheus", detail["evidence_source"]!.GetValue<string>());
        var trigger = detail["trigger"]!.GetValue<string>();
        Assert.True(trigger is "error_rate" or "error_rate_vs_production", $"trigger {trigger}: {history[^1].ToJsonString()}");
        string[] ids = [.. detail["evidence"]!.AsArray().Select(x => x!.GetValue<string>())];
        Assert.Equal(6, ids.Length);
        Assert.All(ids, id => Assert.Matches(PromId(), id));
        Assert.Single(ids.Select(id => id[id.IndexOf('@', StringComparison.Ordinal)..]).Distinct());

        // The guard counted the replica's requests: more of v2's than the server itself served in
        // the whole canary phase (its own /metrics), and the replica did serve v2.
        var guarded = detail["guarded"]!["requests"]!.GetValue<long>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var ownCount = await ScrapedCountAsync(http, server.Url, "v2", "canary");
        Assert.True(await ScrapedCountAsync(http, replica.Url, "v2", "canary") > 0, "the replica served no canary request");
        Assert.True(guarded > ownCount, $"the guard counted {guarded} requests of v2; the server alone served {ownCount}");
        output.WriteLine($"{trigger}: the guard counted {guarded} requests of v2 ({detail["guarded"]!["errors"]} errors); the server alone served {ownCount} in the phase");

        // rollout status, JSON and text.
        var status = rig.Json("rollout", "status", "ranker", "--config", rig.ConfigPath);
        var rollback = Assert.Single(status["guard_rollbacks"]!.AsArray())!;
        Assert.Equal(ids, rollback["detail"]!["evidence"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal("prometheus", rollback["detail"]!["evidence_source"]!.GetValue<string>());
        var text = rig.Cli("rollout", "status", "ranker", "--config", rig.ConfigPath);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains($"  evidence: prometheus: {string.Join(", ", ids)}", text.Out, StringComparison.Ordinal);

        // The rollout's rollback event and the registry's rollback event carry them; so does rollback_log.json.
        await rig.WaitForRollbackRecordAsync();
        var events = rig.Audit("rollout:ranker");
        foreach (var action in new[] { "rollout.rollback", "rollback" })
        {
            var e = Assert.Single(events, e => e["action"]!.GetValue<string>() == action);
            Assert.Equal(server.Holder, e["actor"]!.GetValue<string>());
            Assert.Equal(ids, e["evidence_ids"]!.AsArray().Select(x => x!.GetValue<string>()));
        }

        var log = await RollbackLogAsync(rig, detail["rollback_run_id"]!.GetValue<string>());
        Assert.Equal("prometheus", log["evidence_source"]!.GetValue<string>());
        Assert.Equal(ids, log["provenance"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(guarded, log["guarded"]!["requests"]!.GetValue<long>());
        rig.AssertAuditIntact();
    }

    [Fact]
    public async Task Guard_PrometheusDown_NoActionAndStatusInconclusiveWithTheReason()
    {
        // A port that was just free: nothing listens on it now. No fixed port is needed here.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var down = new Uri($"http://127.0.0.1:{closed}");
        var reason = $"Prometheus at http://127.0.0.1:{closed}/api/v1/query unreachable: Connection refused";

        await using var rig = new RolloutRig(models, "[50]", new RolloutRigOptions { Evidence = EvidenceSection(down), StepMinSeconds = 60 });
        rig.Register();
        var server = await rig.StartServeAsync();
        rig.LoadThrough(server);
        rig.StartRollout();
        try
        {
            // The shadow's live verdict reads the store's telemetry windows: the rollout gets to its canary.
            var canary = await rig.WaitForAsync(s => s.Phase == RolloutPhase.Canary || s.IsFinished || s.Paused, "to reach canary step 1", 60);
            Assert.True(canary.State.Phase == RolloutPhase.Canary, rig.Describe(canary));
            await rig.WaitForRouteAsync(server, Canary50);

            // A fault the guard would catch at once, were its evidence readable.
            await models.SetV2ErrorRateAsync(0.5);
            var note = await GuardEvidenceNoteAsync(rig);
            Assert.Equal("unavailable", note["payload"]!["status"]!.GetValue<string>());
            Assert.All(note["evidence_ids"]!.AsArray(), id => Assert.StartsWith("prom:", id!.GetValue<string>(), StringComparison.Ordinal));
            await Task.Delay(3000);

            var still = (await rig.RolloutAsync())!;
            Assert.True(still.State.Phase == RolloutPhase.Canary && !still.State.Paused, rig.Describe(still));
            Assert.DoesNotContain(rig.History(), e => e["input"]!.GetValue<string>() == "guard");
            Assert.Equal(Canary50, await rig.RouteAsync(server));

            // Said once, with the reason; status says INCONCLUSIVE in JSON and text.
            Assert.Single(rig.Audit("rollout:ranker"), e => e["action"]!.GetValue<string>() == "guard.evidence");
            var guard = rig.Json("rollout", "status", "ranker", "--config", rig.ConfigPath)["guard"]!;
            Assert.Equal(("INCONCLUSIVE", "prometheus", reason), (guard["status"]!.GetValue<string>(), guard["source"]!.GetValue<string>(), guard["reason"]!.GetValue<string>()));
            var text = rig.Cli("rollout", "status", "ranker", "--config", rig.ConfigPath);
            Assert.True(text.ExitCode == 0, text.Error);
            output.WriteLine(text.Out);
            Assert.Contains(
                $"guard: INCONCLUSIVE since {guard["since"]!.GetValue<string>()}: the prometheus evidence cannot be read ({reason}); no trigger is evaluated and nothing is rolled back until it can",
                text.Out,
                StringComparison.Ordinal);

            // The step analysis reads the same Prometheus: it holds, every check INCONCLUSIVE with the reason.
            Assert.Contains($"No measurement: {reason}", text.Out, StringComparison.Ordinal);
        }
        finally
        {
            await models.SetV2ErrorRateAsync(0);
        }

        rig.AssertAuditIntact();
    }

    private static string EvidenceSection(Uri prometheus) => $$"""
        evidence:
          source: prometheus
          prometheus: { url: "{{prometheus.AbsoluteUri.TrimEnd('/')}}", timeout_ms: 2000, refresh_ms: 200 }
        """;

    private static (Uri Prometheus, int Port, int Port2) Environment()
    {
        var url = System.Environment.GetEnvironmentVariable("WARDEN_TEST_PROMETHEUS_URL");
        var port = System.Environment.GetEnvironmentVariable("WARDEN_TEST_METRICS_PORT");
        var port2 = System.Environment.GetEnvironmentVariable("WARDEN_TEST_METRICS_PORT_2");
        var p = 0;
        var p2 = 0;
        if (string.IsNullOrEmpty(url) || !int.TryParse(port, CultureInfo.InvariantCulture, out p) || !int.TryParse(port2, CultureInfo.InvariantCulture, out p2))
        {
            Assert.Fail(
                "WARDEN_TEST_PROMETHEUS_URL, WARDEN_TEST_METRICS_PORT and WARDEN_TEST_METRICS_PORT_2 must be set "
                + $"(now: '{url}', '{port}', '{port2}'): these tests need the Prometheus server that ./test.sh installs and starts, "
                + "scraping 127.0.0.1:$WARDEN_TEST_METRICS_PORT and :$WARDEN_TEST_METRICS_PORT_2 every second. Run ./test.sh, or start Prometheus as it does and export the three.");
        }

        return (new Uri(url!), p, p2);
    }

    private static DateTimeOffset Millis(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    /// <summary>Polls Prometheus until the query's series, by their <c>instance</c> label, have exactly these values.</summary>
    private static async Task WaitForAsync(PrometheusClient client, string query, Dictionary<string, double> expected)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < Deadline)
        {
            var result = await client.QueryAsync(query, DateTimeOffset.UtcNow, CancellationToken.None);
            var seen = result.Series.ToDictionary(s => s.Labels.GetValueOrDefault("instance") ?? "-", s => s.Last);
            if (seen.Count == expected.Count && expected.All(e => seen.TryGetValue(e.Key, out var v) && v == e.Value))
            {
                return;
            }

            last = result.Reason ?? string.Join(", ", seen.Select(s => $"{s.Key}={s.Value.ToString(CultureInfo.InvariantCulture)}"));
            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus at {client.BaseAddress} did not show {query} = {string.Join(", ", expected.Select(e => $"{e.Key}={e.Value}"))} within {Deadline.TotalSeconds} s (last: {last}). Is it scraping both metrics ports?");
    }

    /// <summary>The timestamp of the series' last scrape (one series).</summary>
    private static async Task<DateTimeOffset> LastScrapeAsync(PrometheusClient client, string series)
    {
        var answer = await client.QueryAsync($"timestamp({series})", DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(answer.Status == PrometheusQueryStatus.Samples, answer.Reason);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(Assert.Single(answer.Series).Last * 1000));
    }

    /// <summary>Sends <paramref name="count"/> infer calls through one gateway, four at a time; each must answer 200.</summary>
    private static async Task SendAsync(HttpClient http, Uri gateway, int count)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var answer = await http.SendAsync(Infer(gateway, "k" + Guid.NewGuid().ToString("N"), InferBody));
                Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{gateway} answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
        }));
    }

    private static HttpRequestMessage Infer(Uri gateway, string key, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "ranker/v2/models/ranker/infer"));
        request.Headers.Add("X-Warden-Key", key);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    /// <summary>A gateway's own request count of one (version, arm) as its /metrics page shows it.</summary>
    private static async Task<long> ScrapedCountAsync(HttpClient http, Uri gateway, string version, string arm)
    {
        var page = await http.GetStringAsync(new Uri(gateway, "metrics"));
        var line = page.Split('\n').SingleOrDefault(l =>
            l.StartsWith(CountSeries + "{", StringComparison.Ordinal)
            && l.Contains("service=\"ranker\"", StringComparison.Ordinal)
            && l.Contains($"version=\"{version}\"", StringComparison.Ordinal)
            && l.Contains($"arm=\"{arm}\"", StringComparison.Ordinal));
        return line is null ? 0 : (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    private static async Task<JsonNode> GuardEvidenceNoteAsync(RolloutRig rig)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (rig.Audit("rollout:ranker").FirstOrDefault(e => e["action"]!.GetValue<string>() == "guard.evidence") is { } note)
            {
                return note;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"no guard.evidence event within 15 s; {rig.Describe(await rig.RolloutAsync())}");
        return null!;
    }

    // The rollback_log.json of a recorded rollback (see RolloutRig.WaitForRollbackRecordAsync).
    private static async Task<JsonNode> RollbackLogAsync(RolloutRig rig, string runId)
    {
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(rig.DataDir, "reports"), runId, SearchOption.AllDirectories));
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "rollback_log.json")))!;
    }

    [GeneratedRegex(@"^prom:[0-9a-f]{12}@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")]
    private static partial Regex PromId();

    /// <summary>Infer calls through gateways until disposed, each with its own sticky key; answers are not judged.</summary>
    private sealed class Load(byte[] body) : IAsyncDisposable
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { Timeout = TimeSpan.FromSeconds(10) };
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _workers = [];

        public void Start(Uri gateway, int workers, TimeSpan pause)
        {
            for (var i = 0; i < workers; i++)
            {
                _workers.Add(Task.Run(async () =>
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        try
                        {
                            using var request = Infer(gateway, "k" + Guid.NewGuid().ToString("N"), body);
                            using var answer = await _http.SendAsync(request, _stop.Token);
                            await answer.Content.LoadIntoBufferAsync(_stop.Token);
                            if (pause > TimeSpan.Zero)
                            {
                                await Task.Delay(pause, _stop.Token);
                            }
                        }
                        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                        {
                            return;
                        }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
                        {
                            // A gateway going away at the end: the next round finds the stop.
                        }
                    }
                }));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_workers);
            _http.Dispose();
            _stop.Dispose();
        }
    }
}
