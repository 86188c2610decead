using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Warden.Access;
using Warden.Api;
using Warden.Audit;
using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Core.Traffic;
using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Gateway.Compliance;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;
using Warden.Gateway.Tests.Support;
using Warden.Guard;
using Warden.Leases;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>The dashboard's live endpoints over real HTTP: whoami, the telemetry series, the guard's readings and the audit event stream.</summary>
public sealed class ApiLiveTests
{
    private static readonly DateTimeOffset E = TestClock.Epoch;

    // As the server writes it: '+' of a time's offset not escaped.
    private static readonly System.Text.Json.JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("viewer", new[] { "viewer" })]
    [InlineData("operator", new[] { "viewer", "operator" })]
    [InlineData("approver", new[] { "viewer", "approver" })]
    [InlineData("admin", new[] { "viewer", "operator", "approver", "admin" })]
    public async Task WhoAmI_EachRole_NameRoleAndEveryRoleItIncludes(string name, string[] roles)
    {
        Assert.True(Roles.TryParse(name, out var role));
        await using var rig = await ApiRig.StartAsync();

        var me = await JsonAsync(rig, "/api/v1/whoami", role);

        Assert.Equal(Roles.Name(role), me["name"]!.GetValue<string>());
        Assert.Equal(Roles.Name(role), me["role"]!.GetValue<string>());
        Assert.Equal(roles, me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(me["expires_at"]);
        Assert.True(me.AsObject().ContainsKey("expires_at"));
    }

    [Fact]
    public async Task WhoAmI_ExpiringToken_SaysWhen()
    {
        await using var rig = await ApiRig.StartAsync();
        var issued = await new TokenIssuer(rig.Store).CreateAsync("ci", Role.Operator, TimeSpan.FromHours(1), "admin@test");

        using var response = await rig.SendWithAsync("GET", "/api/v1/whoami", issued.Text);
        var me = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("ci", me["name"]!.GetValue<string>());
        Assert.Equal(issued.Token.ExpiresAt, me["expires_at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Series_KnownRequests_BucketsWithEstimatesAndThePolicysTargets()
    {
        var clock = TestClock.Start();
        var recorder = new TrafficRecorder(clock, new TelemetryOptions());
        await using var rig = await ApiRig.StartAsync(services: s => s.AddSingleton(recorder));

        // E + 0: 3 requests, one failing; E + 10 exactly: 2; now E + 12.5 (the open second): 1.
        recorder.RequestCompleted(Outcome(10, 200));
        recorder.RequestCompleted(Outcome(20, 200));
        recorder.RequestCompleted(Outcome(30, 503));
        clock.Advance(TimeSpan.FromSeconds(10));
        recorder.RequestCompleted(Outcome(40, 200));
        recorder.RequestCompleted(Outcome(50, 200));
        clock.Advance(TimeSpan.FromSeconds(2.5));
        recorder.RequestCompleted(Outcome(60, 200));

        var series = await JsonAsync(rig, "/api/v1/telemetry/series?service=ranker&seconds=30&step=10", Role.Viewer);

        Assert.Equal("ranker", series["service"]!.GetValue<string>());
        Assert.Equal(E.AddSeconds(-10), series["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(E.AddSeconds(12.5), series["to"]!.GetValue<DateTimeOffset>());
        Assert.Equal(10, series["step_seconds"]!.GetValue<int>());
        Assert.Null(series["compliance_labels"]); // no gateway options in this rig: not known
        Assert.Equal("""{"p95_ms":50,"error_rate":0.01,"throughput_rps":100,"compliance_drop_points":2}""", series["targets"]!.ToJsonString());
        var one = Assert.Single(series["series"]!.AsArray())!;
        Assert.Equal(("v1", "production"), (one["version"]!.GetValue<string>(), one["arm"]!.GetValue<string>()));
        var points = one["points"]!.AsArray();
        Assert.Equal([E.AddSeconds(-10), E, E.AddSeconds(10)], points.Select(p => p!["time"]!.GetValue<DateTimeOffset>()));
        Assert.Equal([0L, 3, 3], points.Select(p => p!["requests"]!.GetValue<long>()));
        Assert.Equal([0L, 1, 0], points.Select(p => p!["errors"]!.GetValue<long>()));
        Assert.Equal([0, 0.3, 3 / 2.5], points.Select(p => p!["throughput_rps"]!.GetValue<double>()));
        Assert.Null(points[0]!["error_rate"]);
        Assert.Null(points[0]!["p95_ms"]);

        // The estimates are the snapshot's: Wilson for the error rate, the order-statistic interval for P95.
        var bucket = recorder.Buckets("ranker", 30, 10).Series[0].Buckets[1];
        var errorRate = points[1]!["error_rate"]!;
        var wilson = bucket.ErrorRateEstimate()!;
        Assert.Equal((1.0 / 3, wilson.Low, wilson.High, "wilson"), (errorRate["value"]!.GetValue<double>(), errorRate["ci_low"]!.GetValue<double>(), errorRate["ci_high"]!.GetValue<double>(), errorRate["method"]!.GetValue<string>()[..6].ToLowerInvariant()));
        var p95 = bucket.LatencyQuantileEstimate(0.95)!;
        Assert.Equal((bucket.LatencyQuantileMs(0.95)!.Value, 3L), (points[1]!["p95_ms"]!["value"]!.GetValue<double>(), points[1]!["p95_ms"]!["n"]!.GetValue<long>()));
        Assert.Equal(p95.Method, points[1]!["p95_ms"]!["method"]!.GetValue<string>());
        Assert.Equal(0, points[1]!["compliance_judged"]!.GetValue<long>());
        Assert.Null(points[1]!["compliance"]);
    }

    [Fact]
    public async Task Series_GatewayOptions_SaysWhetherTheServiceHasComplianceLabels()
    {
        var recorder = new TrafficRecorder(TestClock.Start(), new TelemetryOptions());
        var url = new Uri("http://127.0.0.1:9/");
        using var qrels = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("q1 0 d1 1\n"));
        var labels = new ComplianceLabels(QrelsReader.ReadCompliance(qrels, "labels.qrels", ReadMode.Strict).Qrels, "labels.qrels");
        var gateway = new GatewayOptions
        {
            Services = [TestGateway.Service("ranker", [("v1", url)]) with { ComplianceLabels = labels }, TestGateway.Service("search", [("v1", url)])],
        };
        await using var rig = await ApiRig.StartAsync(services: s => s.AddSingleton(recorder).AddSingleton(gateway));

        var ranker = await JsonAsync(rig, "/api/v1/telemetry/series?service=ranker", Role.Viewer);
        var search = await JsonAsync(rig, "/api/v1/telemetry/series?service=search", Role.Viewer);

        Assert.Equal((true, false), (ranker["compliance_labels"]!.GetValue<bool>(), search["compliance_labels"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("step=1", 200, "")]
    [InlineData("step=300", 200, "")]
    [InlineData("step=0", 400, "step is '0'; give a whole number of seconds from 1 to 300 (default 10).")]
    [InlineData("step=301", 400, "step is '301'; give a whole number of seconds from 1 to 300 (default 10).")]
    [InlineData("seconds=0&step=x", 400, "seconds is '0'; give a whole number of seconds of at least 1 (default 1800; more than the ring's 1800 gives the ring); step is 'x'; give a whole number of seconds from 1 to 300 (default 10).")]
    [InlineData("step=10&version=v1", 400, "'version' is not a parameter; give service, seconds and step.")]
    public async Task Series_Parameters_StepFrom1To300OtherwiseAClear400(string parameters, int status, string detail)
    {
        var recorder = new TrafficRecorder(TestClock.Start(), new TelemetryOptions());
        recorder.RequestCompleted(Outcome(10, 200));
        await using var rig = await ApiRig.StartAsync(services: s => s.AddSingleton(recorder));

        using var response = await rig.SendAsync("GET", $"/api/v1/telemetry/series?service=ranker&{parameters}", Role.Viewer);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 400)
        {
            Assert.Equal(detail, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Series_HostWithoutGatewayTelemetry_503()
    {
        await using var rig = await ApiRig.StartAsync();

        using var response = await rig.SendAsync("GET", "/api/v1/telemetry/series?service=ranker", Role.Viewer);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Guard_NotLeading_SaysSoWithTheLeaseHolderAndNoRollout()
    {
        await using var rig = await ApiRig.StartAsync();
        await rig.Store.WriteAsync((tx, ct) => tx.Leases.TryAcquireAsync(Warden.Rollouts.RolloutControllerOptions.LeaseName, "server-b", TimeSpan.FromMinutes(5), ct));

        var guard = await JsonAsync(rig, "/api/v1/guard", Role.Viewer);

        Assert.Equal("""{"leading":false,"holder":"server-b","interval_ms":100,"rollouts":[]}""", guard.ToJsonString());
    }

    [Fact]
    public async Task Guard_Leading_EachTriggersReadingAndItsPointsPerSecond()
    {
        var clock = TestClock.Start();
        var log = new GuardReadingLog(clock);
        var state = new RolloutState { DeploymentId = "dep-v2", Service = "ranker", Candidate = "v2", KnownGood = "v1", Phase = RolloutPhase.Canary, Step = 0, PhaseStartedAt = E };
        log.Look(7, state, GuardEvidence.InProcess, E);
        log.Record(7, [Reading(0.004, 0.001, tripped: false)], E);
        log.Record(7, [Reading(0.006, 0.002, tripped: false)], E.AddMilliseconds(500));
        log.Look(7, state, GuardEvidence.InProcess, E.AddSeconds(1));
        log.Record(7, [Reading(0.05, 0.02, tripped: true)], E.AddSeconds(1));
        log.Tripped(7, Reading(0.05, 0.02, tripped: true), E.AddSeconds(1), "rb-test-7");
        clock.Advance(TimeSpan.FromSeconds(2));
        await using var rig = await ApiRig.StartAsync(guardReadings: log, leading: () => new LeaseFence("rollout-controller", "server-a", 3));

        var guard = await JsonAsync(rig, "/api/v1/guard", Role.Viewer);

        Assert.True(guard["leading"]!.GetValue<bool>());
        Assert.Equal("server-a", guard["holder"]!.GetValue<string>());
        var rollout = Assert.Single(guard["rollouts"]!.AsArray())!;
        Assert.Equal(
            """{"trigger":"error_rate","time":"2026-11-22T00:00:01+00:00","rollback_run_id":"rb-test-7"}""",
            rollout["tripped"]!.ToJsonString(Plain));
        Assert.Equal((7L, "canary", 1, false, "gateway"), (rollout["rollout_id"]!.GetValue<long>(), rollout["phase"]!.GetValue<string>(), rollout["step"]!.GetValue<int>(), rollout["watching"]!.GetValue<bool>(), rollout["evidence_source"]!.GetValue<string>()));
        var trigger = Assert.Single(rollout["triggers"]!.AsArray())!;
        Assert.Equal(("error_rate", true, 0.05, 0.02, 0.01), (trigger["trigger"]!.GetValue<string>(), trigger["tripped"]!.GetValue<bool>(), trigger["observed"]!.GetValue<double>(), trigger["bound"]!.GetValue<double>(), trigger["threshold"]!.GetValue<double>()));
        Assert.Equal(
            """[{"time":"2026-11-22T00:00:00+00:00","observed":0.006,"bound":0.002,"threshold":0.01,"tripped":false},{"time":"2026-11-22T00:00:01+00:00","observed":0.05,"bound":0.02,"threshold":0.01,"tripped":true}]""",
            trigger["series"]!.ToJsonString(Plain));
    }

    [Fact]
    public async Task Events_AppendedEvents_StreamWithSequenceActionAndTheAuditListJson()
    {
        await using var rig = await ApiRig.StartAsync();
        using var response = await rig.SendAsync("GET", "/api/v1/events", Role.Viewer, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await AppendAsync(rig, "rollout.step", """{"step":1}""");
        var second = await AppendAsync(rig, "rollback", """{"trigger":"error_rate"}""");

        var events = await ReadEventsAsync(reader, 2);
        Assert.Equal([first.ToString(), second.ToString()], events.Select(e => e.Id));
        Assert.Equal(["rollout.step", "rollback"], events.Select(e => e.Type));
        Assert.Equal([first, second], events.Select(e => e.Data["seq"]!.GetValue<long>()));
        Assert.Equal("error_rate", events[1].Data["payload"]!["trigger"]!.GetValue<string>());
        Assert.Equal("rollout:ranker", events[1].Data["subject"]!.GetValue<string>());
        Assert.Equal(64, events[1].Data["hash"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Events_LastEventId_ResumesAfterIt()
    {
        await using var rig = await ApiRig.StartAsync();
        var first = await AppendAsync(rig, "rollout.step", "{}");
        var second = await AppendAsync(rig, "rollback", "{}");
        var third = await AppendAsync(rig, "route.change", "{}");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(rig.Base, "api/v1/events"));
        request.Headers.Authorization = new("Bearer", rig.Tokens[Role.Viewer]);
        request.Headers.Add("Last-Event-ID", first.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var response = await rig.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = await ReadEventsAsync(reader, 2);
        Assert.Equal([(second.ToString(), "rollback"), (third.ToString(), "route.change")], events.Select(e => (e.Id, e.Type)));
    }

    [Fact]
    public async Task Events_QuietStream_KeepAliveComments()
    {
        await using var rig = await ApiRig.StartAsync();
        var stream = new AuditEventStream(rig.Store, TimeProvider.System, CancellationToken.None) { Poll = TimeSpan.FromMilliseconds(20), KeepAlive = TimeSpan.FromMilliseconds(200) };
        using var body = new MemoryStream();
        using var aborted = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Response.Body = body;
        context.Request.Headers["Last-Event-ID"] = "0";
        var sequence = await AppendAsync(rig, "rollback", "{}");

        await stream.Events().ExecuteAsync(context);

        var lines = System.Text.Encoding.UTF8.GetString(body.ToArray()).Split('\n');
        Assert.Equal(1, lines.Count(l => l == $"id: {sequence}"));
        Assert.InRange(lines.Count(l => l == ": keep-alive"), 2, 8);
        Assert.True(Array.IndexOf(lines, $"id: {sequence}") < Array.IndexOf(lines, ": keep-alive"));
    }

    private static TriggerReading Reading(double observed, double bound, bool tripped) => new()
    {
        Trigger = GuardTrigger.ErrorRate,
        Tripped = tripped,
        Observed = observed,
        Bound = bound,
        Threshold = 0.01,
        Events = 1,
        Requests = 20,
        Description = "error rate",
    };

    private static RequestOutcome Outcome(double latencyMs, int status) => new() { Service = "ranker", Version = "v1", Arm = TrafficArm.Production, Start = E, LatencyMs = latencyMs, Status = status };

    private static async Task<JsonNode> JsonAsync(ApiRig rig, string path, Role role)
    {
        using var response = await rig.SendAsync("GET", path, role);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<long> AppendAsync(ApiRig rig, string action, string payload) =>
        (await rig.Store.WriteAsync((tx, ct) => tx.Audit.AppendAsync(new AuditEventDraft { Actor = "test", Action = action, Subject = "rollout:ranker", Payload = payload }, ct))).Sequence;

    private static async Task<List<(string Id, string Type, JsonNode Data)>> ReadEventsAsync(StreamReader reader, int count)
    {
        var events = new List<(string Id, string Type, JsonNode Data)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var fields = new Dictionary<string, string>();
        while (events.Count < count)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
            if (line.Length == 0)
            {
                if (fields.Count > 0)
                {
                    events.Add((fields["id"], fields["event"], JsonNode.Parse(fields["data"])!));
                    fields.Clear();
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            fields[line[..colon]] = line[(colon + 1)..].TrimStart(' ');
        }

        return events;
    }
}
