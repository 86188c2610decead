using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Warden.Audit;
using Warden.Cli.Rollout;
using Warden.Core.Guard;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Evidence.Prometheus;
using Warden.Guard;
using Warden.Rollouts;
using Warden.Storage.Sqlite;
using Warden.Tests.Cli.Registry;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Guard;

/// <summary>
/// The live guard reading Prometheus (<see cref="PrometheusGuardSignals"/>) on a fake clock, a real
/// SQLite store and a recording traffic provider; Prometheus is a fixed-answer HTTP handler behind
/// the real client. A server that is down is no action and an INCONCLUSIVE status with its reason;
/// an error burst in its data is a rollback whose record, history and audit event carry the
/// <c>prom:</c> ids of the queries.
/// </summary>
public sealed partial class PrometheusGuardTests : IAsyncLifetime
{
    private const string Down = "Prometheus at http://prometheus.test/api/v1/query unreachable: Connection refused";
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(100);
    private static readonly VerdictPolicy Policy = new();

    private static readonly RolloutPlan Plan = new()
    {
        Shadow = new CanaryStep { WeightPercent = 0, MinRequests = 100, MinDuration = TimeSpan.FromSeconds(10), MaxDuration = TimeSpan.FromSeconds(60) },
        Steps = [new CanaryStep { WeightPercent = 50, MinRequests = 100_000, MinDuration = TimeSpan.FromMinutes(10), MaxDuration = TimeSpan.FromMinutes(30) }],
        BakeTime = TimeSpan.FromMinutes(30),
        EvidencePath = RepoPaths.Sample("bundle-go.yaml"),
    };

    private readonly RegistryFixture _f = new();
    private readonly FakePrometheus _prometheus = new();
    private HttpMessageInvoker _http = null!;
    private SqliteStore _store = null!;
    private RecordingTrafficProvider _traffic = null!;
    private RolloutController _controller = null!;

    public async Task InitializeAsync()
    {
        foreach (var v in new[] { "v1", "v2" })
        {
            Assert.Equal(0, _f.Run("registry", "add", "ranker", v, "--artifact", _f.Artifact($"{v}.bin", $"weights-{v}")).ExitCode);
        }

        Assert.Equal(0, _f.Run("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first production").ExitCode);
        _http = new HttpMessageInvoker(_prometheus);
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _f.DataDir, Time = _f.Time });
        _traffic = new RecordingTrafficProvider("ranker", new TrafficRoute("v1", null, 0, null));
        _controller = new RolloutController(
            _store, _traffic, offlineEvidence: null, shadowScores: null,
            new RolloutControllerOptions
            {
                Rollouts = new RolloutOptions { Interval = TimeSpan.FromSeconds(1), LeaseDuration = TimeSpan.FromSeconds(15) },
                Policy = Policy,
                Holder = "server-a",
            },
            _f.Time,
            NullLogger.Instance);
        await _f.RecordVerdictAsync("dep-v2", "v2", "v1");
        await RolloutOperations.StartAsync(_store, new RolloutStart { Service = "ranker", Candidate = "v2", Plan = Plan, Actor = "alice", VerdictMaxAge = Policy.VerdictMaxAge });
        await RolloutOperations.CommandAsync(_store, "ranker", RolloutCommand.Promote, "alice", Policy.VerdictMaxAge);
        await _controller.TickAsync(default);
        Assert.Equal(new TrafficRoute("v1", "v2", 50, null), _traffic.Route("ranker"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _http.Dispose();
        _prometheus.Dispose();
        _f.Dispose();
    }

    [Fact]
    public async Task Tick_PrometheusDown_NoActionAndStatusInconclusiveWithTheReason()
    {
        var guard = Guard();
        _prometheus.Down = true;

        // A burst that would trip at once, were it readable.
        _prometheus.Set("v2", requests: 1000, errors: 500);
        _prometheus.Set("v1", requests: 1000, errors: 0);
        var applied = _traffic.Applied.Count;
        for (var look = 0; look < 50; look++)
        {
            await LookAsync(guard);
        }

        Assert.Equal(RolloutPhase.Canary, (await LatestAsync()).State.Phase);
        Assert.Empty(guard.Rollbacks);
        Assert.Equal(applied, _traffic.Applied.Count);

        // Said once, not at every look, with the reason and the queries it tried.
        var notes = await EventsAsync(AuditActions.GuardEvidence);
        var note = Assert.Single(notes);
        Assert.Contains("\"status\":\"unavailable\"", note.Payload, StringComparison.Ordinal);
        Assert.Contains(Down, note.Payload, StringComparison.Ordinal);
        Assert.All(note.EvidenceIds, id => Assert.StartsWith("prom:", id, StringComparison.Ordinal));
        Assert.Equal(6, note.EvidenceIds.Count);

        var view = await RolloutStatusView.ReadAsync(_store, "ranker", Policy, null, default);
        Assert.Equal(("unavailable", "prometheus", Down), (view.Guard!.Status, view.Guard.Source, view.Guard.Reason));
        var text = new StringWriter();
        RolloutStatusText.Write(text, view);
        Assert.Contains(
            $"guard: INCONCLUSIVE since {RolloutJson.Time(note.Time)}: the prometheus evidence cannot be read ({Down}); no trigger is evaluated and nothing is rolled back until it can",
            text.ToString(),
            StringComparison.Ordinal);
        Assert.Equal("INCONCLUSIVE", RolloutStatusCommand.Json(view).Guard!.Status);

        // Back up with the same healthy counts it started from: said once more, and guarding again.
        _prometheus.Down = false;
        _prometheus.Set("v2", requests: 0, errors: 0);
        _prometheus.Set("v1", requests: 0, errors: 0);
        await LookAsync(guard);
        await LookAsync(guard);
        Assert.Equal(2, (await EventsAsync(AuditActions.GuardEvidence)).Count);
        Assert.Equal("available", (await RolloutStatusView.ReadAsync(_store, "ranker", Policy, null, default)).Guard!.Status);
        Assert.Equal(RolloutPhase.Canary, (await LatestAsync()).State.Phase);
    }

    [Fact]
    public async Task Tick_ErrorBurstInPrometheus_RollsBackAtTheNextAskWithPromProvenance()
    {
        var guard = Guard();

        // The phase's first look: nothing served yet, the window starts from zero.
        await LookAsync(guard);
        Assert.Equal(RolloutPhase.Canary, (await LatestAsync()).State.Phase);

        // Then 10 % of the canary's 1,000 requests fail over all replicas; production's do not.
        _prometheus.Set("v2", requests: 1000, errors: 100);
        _prometheus.Set("v1", requests: 1000, errors: 0);
        await LookAsync(guard);

        var latest = await LatestAsync();
        Assert.Equal(RolloutPhase.RolledBack, latest.State.Phase);
        Assert.Equal(new TrafficRoute("v1", null, 0, null), _traffic.Route("ranker"));
        var record = Assert.Single(guard.Rollbacks);
        Assert.Equal((GuardTrigger.ErrorRate, 1000L, 100L), (record.Trigger.Trigger, record.Guarded.Requests, record.Guarded.Errors));
        Assert.Equal("prometheus", record.EvidenceSource);
        Assert.Equal(6, record.EvidenceIds.Count);
        // increase() from the phase's start (the watch's first look) to the look that tripped.
        Assert.Equal(record.DetectedAt - Look, record.WindowStartedAt);
        var range = $"@{Iso(record.WindowStartedAt)}/{Iso(record.DetectedAt)}";
        Assert.All(record.EvidenceIds, id => Assert.Matches("^prom:[0-9a-f]{12}" + Regex.Escape(range) + "$", id));

        // The ids are the hashes of the very queries asked.
        Assert.Equal(
            PrometheusProvenance.Of(_prometheus.Asked.First(q => q.Contains("_count{service=\"ranker\",version=\"v2\"", StringComparison.Ordinal)), record.WindowStartedAt, record.DetectedAt),
            record.EvidenceIds[0]);

        // In the history row, the rollout's audit event, the rollback record and `warden rollout status`.
        var history = await _store.ReadAsync((tx, ct) => tx.Rollouts.EventsAsync(latest.Id, ct));
        Assert.Equal("guard", history[^1].Input);
        Assert.Contains("\"evidence_source\":\"prometheus\"", history[^1].DetailJson, StringComparison.Ordinal);
        Assert.Contains(record.EvidenceIds[0], history[^1].DetailJson, StringComparison.Ordinal);
        Assert.Equal(record.EvidenceIds, (await EventsAsync(AuditActions.RolloutRollback)).Single().EvidenceIds);
        Assert.Equal(record.EvidenceIds, (await EventsAsync(AuditActions.Rollback)).Single().EvidenceIds);
        var view = await RolloutStatusView.ReadAsync(_store, "ranker", Policy, null, default);
        var text = new StringWriter();
        RolloutStatusText.Write(text, view);
        Assert.Contains($"  evidence: prometheus: {string.Join(", ", record.EvidenceIds)}", text.ToString(), StringComparison.Ordinal);
        var json = RolloutStatusCommand.Json(view);
        Assert.Equal(record.EvidenceIds[0], Assert.Single(json.GuardRollbacks).Detail!["evidence"]![0]!.GetValue<string>());
    }

    private static string Iso(DateTimeOffset t) => PrometheusProvenance.Format(t);

    private RolloutGuard Guard()
    {
        var query = new PrometheusTrafficQuery(new PrometheusClient(_http, new Uri("http://prometheus.test"), TimeSpan.FromSeconds(5), _f.Time));
        var signals = new PrometheusGuardSignals(query, new Healthy(), Look, RollbackTriggers.LatencyTriggerMs(Policy), Policy.Confidence);
        return new RolloutGuard(
            _store,
            _traffic,
            signals,
            () => _controller.Fence,
            new RolloutGuardOptions { Policy = Policy, Holder = "server-a", ReportsDirectory = Path.Combine(_f.DataDir, "reports") },
            _f.Time,
            NullLogger.Instance);
    }

    private async Task LookAsync(RolloutGuard guard)
    {
        await guard.TickAsync(default);
        _f.Time.Advance(Look);
    }

    private async Task<StoredRollout> LatestAsync() => (await RolloutOperations.LatestAsync(_store, "ranker"))!;

    private async Task<IReadOnlyList<AuditEvent>> EventsAsync(string action) =>
        await _store.ReadAsync((tx, ct) => tx.Audit.ListAsync(new AuditQuery { Subject = "rollout:ranker", Action = action, Limit = int.MaxValue }, ct));

    /// <summary>Backends up: the health checks are this server's own.</summary>
    private sealed class Healthy : IGuardSignals
    {
        public GuardCounts Read(string service, string version) => default;

        public bool IsDown(string service, string version) => false;

        public double? P95Ms(string service, string version, long minimum) => null;

        public void RestartP95(string service, string version)
        {
        }

        public void SetDriftThreshold(string service, string version, double thresholdMs)
        {
        }
    }

    /// <summary>
    /// Answers the guard's three queries per version with the totals set for it (every request
    /// under 5 ms), as Prometheus would for increase() since the phase started; or refuses the
    /// connection while <see cref="Down"/>.
    /// </summary>
    private sealed partial class FakePrometheus : HttpMessageHandler
    {
        private static readonly string[] Le = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"];
        private readonly Dictionary<string, (long Requests, long Errors)> _totals = [];

        public bool Down { get; set; }

        public List<string> Asked { get; } = [];

        public void Set(string version, long requests, long errors)
        {
            lock (_totals)
            {
                _totals[version] = (requests, errors);
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new HttpRequestException("Connection refused (prometheus.test:80)", new SocketException((int)SocketError.ConnectionRefused));
            }

            var query = Uri.UnescapeDataString(request.RequestUri!.Query.Split('&')[0]["?query=".Length..]);
            lock (_totals)
            {
                Asked.Add(query);
                var (requests, errors) = _totals.GetValueOrDefault(VersionOf().Match(query).Groups[1].Value);
                var rows = query.Contains("_bucket{", StringComparison.Ordinal)
                    ? Le.Select(le => $$"""{"metric":{"le":"{{le}}"},"value":[1,"{{(le is "0.001" or "0.0025" ? 0 : requests).ToString(CultureInfo.InvariantCulture)}}"]}""")
                    : [$$"""{"metric":{},"value":[1,"{{(query.Contains("errors_total", StringComparison.Ordinal) ? errors : requests).ToString(CultureInfo.InvariantCulture)}}"]}"""];
                var body = """{"status":"success","data":{"resultType":"vector","result":[""" + string.Join(",", rows) + "]}}";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
            }
        }

        [GeneratedRegex("version=\"([^\"]+)\"")]
        private static partial Regex VersionOf();
    }
}
