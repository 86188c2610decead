using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Warden.Core.Rollouts;
using Warden.Rollouts;
using Warden.Storage;
using Warden.Storage.Postgres;
using Warden.Storage.Sqlite;
using Warden.Tests.Support;

namespace Warden.Tests.Rollouts;

/// <summary>
/// One rollout with real processes: a data directory whose registry holds ranker v1 (production,
/// checkpoint verified) and v2 with a recorded GO verdict from the sample bundle, a warden.yaml
/// with a short plan over the shared model servers, <c>warden serve</c> child processes on that
/// store (port 0), a load of OIP infer calls through the current server, and the CLI in-process
/// for everything a user would type. With <see cref="RolloutRigOptions.Store"/> the state lives in
/// that PostgreSQL schema instead, every command and server is given it with <c>--store</c>, and
/// each server gets a data directory of its own (its reports). Everything it started is killed on dispose.
/// </summary>
internal sealed partial class RolloutRig : IAsyncDisposable
{
    /// <summary>Controller interval; the lease lasts <see cref="LeaseMs"/>.</summary>
    public const int IntervalMs = 300;

    /// <summary>The controller lease's duration.</summary>
    public const int LeaseMs = 3000;

    private static readonly byte[] InferBody = File.ReadAllBytes(RepoPaths.Sample("ModelServer", "bench-request.json"));

    private readonly ModelServerPair _models;
    private readonly string? _store;
    private readonly TempDirectory _dir = new();
    private readonly List<ChildProcess> _processes = [];
    private readonly List<Serve> _serves = [];
    private readonly CancellationTokenSource _stopLoad = new();
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 8, ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentQueue<(long SentAt, string What)> _failures = new();
    private Task[] _workers = [];
    private Uri? _target;
    private long _sent;
    private long _ok;

    public RolloutRig(ModelServerPair models, string steps, RolloutRigOptions? options = null)
    {
        _models = models;
        options ??= new RolloutRigOptions();
        _store = options.Store;
        DataDir = _dir.File("data");
        ConfigPath = _dir.File("warden.yaml");
        var v2 = options.V2 ?? models.V2;

        // Thresholds wide enough that only the error rate can fail a step: the tests are about
        // where the rollout is after a crash, not about how two machines' latencies compare on a
        // busy 2-core test box (a guard test sets a latency target of its own). 200 error-free
        // requests put the Wilson upper bound (95 %) of the error rate under the 5 % limit; every
        // window needs 200 requests of its arm.
        File.WriteAllText(ConfigPath, $"""
            policy:
              minimum_samples: {"{"} requests: 200 {"}"}
              latency: {"{"} p95_target_ms: {options.P95TargetMs}, p95_drift_limit_ms: 5000 {"}"}
              error_rate: {"{"} limit: 0.05 {"}"}
            gateway:
              health: {"{"} interval_ms: 500 {"}"}
              services:
                ranker:
                  backends: {"{"} v1: "{models.V1}", v2: "{v2}" {"}"}
                  production: v1
            {options.DrillRoute ?? string.Empty}
            rollout:
              controller: {"{"} interval_ms: {IntervalMs}, lease_ms: {LeaseMs} {"}"}
              plan:
                evidence: {models.Evidence}
                shadow: {"{"} min_requests: 200, min_seconds: 1, max_seconds: 120 {"}"}
                steps: {steps}
                step: {"{"} min_requests: 200, min_seconds: {Invariant(options.StepMinSeconds)}, max_seconds: 120 {"}"}
                bake_minutes: {Invariant(options.BakeMinutes)}
            """ + (options.Cycle is { } cycle ? Environment.NewLine + cycle : string.Empty)
              + (options.Evidence is { } evidence ? Environment.NewLine + evidence : string.Empty));
    }

    /// <summary>The data directory every server and command of this rig shares.</summary>
    public string DataDir { get; }

    /// <summary>The warden.yaml every server reads.</summary>
    public string ConfigPath { get; }

    /// <summary>Requests sent and answered 200 so far.</summary>
    public (long Sent, long Ok) Load => (Interlocked.Read(ref _sent), Interlocked.Read(ref _ok));

    /// <summary>
    /// The load's requests sent at or after <paramref name="timestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>)
    /// that were not answered 200: each one's status code, or the exception that ended it.
    /// </summary>
    public IReadOnlyList<string> FailuresSentSince(long timestamp) => [.. _failures.Where(f => f.SentAt >= timestamp).Select(f => f.What)];

    /// <summary>Registers v1 and v2, makes v1 production with a verified checkpoint, and records the sample bundle's GO verdict for v2.</summary>
    public void Register()
    {
        var art = _dir.File("art");
        Directory.CreateDirectory(art);
        foreach (var v in new[] { "v1", "v2" })
        {
            File.Copy(RepoPaths.Sample("models", $"{v}.weights.json"), Path.Combine(art, $"{v}.weights.json"));
            Ok(Cli("registry", "add", "ranker", v, "--artifact", Path.Combine(art, $"{v}.weights.json"), "--env", RepoPaths.Sample("env", $"{v}.json"), "--allow-root", art, "--allow-root", RepoPaths.Sample()));
        }

        Ok(Cli("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "first production"));
        Ok(Cli("checkpoint", "verify", "ranker", "v1"));
        Ok(Cli("verdict", "--evidence", _models.Evidence, "--record", "--model", "ranker", "--out", _dir.File("go")));
    }

    /// <summary>Starts <c>warden serve</c> on the rig's store and waits for its ready line.</summary>
    public async Task<Serve> StartServeAsync(string? killAfter = null)
    {
        // On SQLite the data directory is the store, so every server shares it; on PostgreSQL it holds only a server's own reports.
        var dataDir = _store is null ? DataDir : _dir.File($"serve-{_processes.Count + 1}");
        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" };
        if (killAfter is not null)
        {
            environment["WARDEN_FAULT_KILL_AFTER"] = killAfter;
        }

        var process = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "warden.dll"),
            ["serve", "--config", ConfigPath, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", dataDir, "--actor", "svc-warden", .. StoreArgs],
            _dir.Path,
            environment);
        _processes.Add(process);
        var line = await process.WaitForLineAsync("warden gateway listening on ", TimeSpan.FromSeconds(30));
        var match = ReadyLine().Match(line);
        Assert.True(match.Success, $"unexpected ready line: {line}");
        var serve = new Serve(process, new Uri(match.Groups["url"].Value + "/"), new Uri(match.Groups["admin"].Value + "/"), match.Groups["holder"].Value);
        _serves.Add(serve);
        return serve;
    }

    /// <summary>Sends OIP infer calls through <paramref name="server"/> from now on, four at a time, each with its own sticky key.</summary>
    public void LoadThrough(Serve server)
    {
        Volatile.Write(ref _target, server.Url);
        if (_workers.Length == 0)
        {
            _workers = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync))];
        }
    }

    /// <summary><c>warden rollout start ranker v2</c> as a user types it.</summary>
    public void StartRollout() => Ok(Cli("rollout", "start", "ranker", "v2", "--config", ConfigPath));

    /// <summary>The CLI, in-process, on the rig's store (its data directory, or <c>--store</c>) as actor 'tester'.</summary>
    public CliRun Cli(params string[] args) => CliRun.Of([.. args, "--data-dir", DataDir, "--actor", "tester", .. StoreArgs]);

    /// <summary>The JSON a successful command printed.</summary>
    public JsonNode Json(params string[] args)
    {
        var run = Cli([.. args, "--json"]);
        Ok(run);
        return JsonNode.Parse(run.Out)!;
    }

    /// <summary>The latest rollout of ranker as stored (a read-only look at the store).</summary>
    public async Task<StoredRollout?> RolloutAsync()
    {
        await using var store = await OpenStoreAsync();
        return await RolloutOperations.LatestAsync(store, "ranker");
    }

    /// <summary>The rig's store, opened read-only for a look from the test itself.</summary>
    public async Task<IWardenStore> OpenStoreAsync() => _store is null
        ? await SqliteStore.OpenExistingAsync(new SqliteStoreOptions { DataDirectory = DataDir }, readOnly: true)
        : await PostgresStore.OpenExistingAsync(PostgresStoreUrl.Parse(_store).ToOptions(), readOnly: true);

    /// <summary>Polls the store until the rollout satisfies <paramref name="condition"/>; fails with what was expected, the last state and every server's stderr.</summary>
    public async Task<StoredRollout> WaitForAsync(Func<RolloutState, bool> condition, string what, int timeoutSeconds = 45)
    {
        var clock = Stopwatch.StartNew();
        StoredRollout? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            last = await RolloutAsync();
            if (last is not null && condition(last.State))
            {
                return last;
            }

            if (_serves.Count > 0 && _serves.All(s => s.Process.HasExited))
            {
                break;
            }

            await Task.Delay(150);
        }

        Assert.Fail($"expected the rollout {what} within {timeoutSeconds} s ({clock.Elapsed.TotalSeconds:0.0} s waited); {Describe(last)}");
        return null!;
    }

    /// <summary>The route one server's gateway serves for ranker: <c>production|canary|weight|shadow</c>.</summary>
    public async Task<string> RouteAsync(Serve server)
    {
        var route = JsonNode.Parse(await _client.GetStringAsync(new Uri(server.Admin, "admin/routes/ranker")))!["route"]!;
        var weight = route["canary_weight"]?.GetValue<double>() ?? 0;
        return $"{route["production"]}|{route["canary"]?.ToString() ?? "-"}|{weight.ToString(CultureInfo.InvariantCulture)}|{route["shadow"]?.ToString() ?? "-"}";
    }

    /// <summary>Polls <paramref name="server"/>'s route until it is <paramref name="expected"/> (<c>production|canary|weight|shadow</c>).</summary>
    public async Task WaitForRouteAsync(Serve server, string expected, int timeoutSeconds = 20)
    {
        var clock = Stopwatch.StartNew();
        var last = string.Empty;
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds) && !server.Process.HasExited)
        {
            last = await RouteAsync(server);
            if (last == expected)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"expected route {expected} on the server of {server.Holder} within {timeoutSeconds} s; last {last}; {Describe(await RolloutAsync())}");
    }

    /// <summary>
    /// Waits until the guard's rollback is recorded. The rollout's rollback is stored and the route
    /// swapped first; then the guard writes rollback_log.json and the postmortem, and appends the
    /// <c>rollback</c> event and <c>incident.open</c> last, in one transaction. A rolled-back phase
    /// and a restored route therefore do not yet mean the record is there; incident.open does.
    /// </summary>
    public async Task WaitForRollbackRecordAsync(int timeoutSeconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(timeoutSeconds))
        {
            if (Audit().Any(e => e["action"]!.GetValue<string>() == "incident.open"))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"no incident.open event within {timeoutSeconds} s of the rollback; {Describe(await RolloutAsync())}");
    }

    /// <summary>The routes a server (by holder: its controller and guard) set on its gateway, in order, as production|canary|weight|shadow.</summary>
    public IReadOnlyList<string> RouteChanges(string holder) =>
    [
        .. Audit("route:ranker").Where(e => e["action"]!.GetValue<string>() == "route.change" && e["actor"]!.GetValue<string>() == holder).Select(e => e["payload"]!["after"]!).Select(a =>
            $"{a["production"]}|{a["canary"]?.ToString() ?? "-"}|{a["canary_weight"]!.GetValue<double>().ToString(CultureInfo.InvariantCulture)}|{a["shadow"]?.ToString() ?? "-"}"),
    ];

    /// <summary>The audit events (oldest first) as <c>warden audit list --json</c> prints them, optionally of one subject.</summary>
    public IReadOnlyList<JsonNode> Audit(string? subject = null)
    {
        string[] args = subject is null ? ["audit", "list", "--limit", "100000"] : ["audit", "list", "--subject", subject, "--limit", "100000"];
        return [.. Json(args)["events"]!.AsArray().Select(e => e!)];
    }

    /// <summary>The rollout's history rows as <c>warden rollout history --json</c> prints them.</summary>
    public IReadOnlyList<JsonNode> History() => [.. Json("rollout", "history", "ranker")["events"]!.AsArray().Select(e => e!)];

    /// <summary><c>warden audit verify</c> exits 0: the chain and every attested row are intact.</summary>
    public void AssertAuditIntact()
    {
        var verify = Cli("audit", "verify");
        Assert.True(verify.ExitCode == 0, $"audit verify exited {verify.ExitCode}: {verify.Out}{verify.Error}");
    }

    /// <summary>The last state, its history and every server's stderr, for a failure message.</summary>
    public string Describe(StoredRollout? rollout)
    {
        var state = rollout is null ? "no rollout stored" : $"last state {rollout.State.Phase} step {rollout.State.Step + 1} generation {rollout.State.Generation} paused {rollout.State.Paused} ({rollout.State.PauseReason})";
        var history = rollout is null ? string.Empty : string.Join('\n', Cli("rollout", "history", "ranker").Out.Split('\n').TakeLast(8));
        var servers = string.Join('\n', _serves.Select(s => $"--- stderr of {s.Holder} (exited: {s.Process.HasExited}):\n{Tail(s.Process.Error)}"));
        return $"{state}; load {Load.Ok} of {Load.Sent} answered 200;\nhistory:\n{history}\n{servers}\n--- model servers:\n{Tail(_models.Errors)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stopLoad.CancelAsync();
        await Task.WhenAll(_workers);
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _client.Dispose();
        _stopLoad.Dispose();
        _dir.Dispose();
    }

    private string[] StoreArgs => _store is null ? [] : ["--store", _store];

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(25));

    private static void Ok(CliRun run) => Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}{run.Out}");

    private async Task LoadAsync()
    {
        while (!_stopLoad.IsCancellationRequested)
        {
            var sentAt = Stopwatch.GetTimestamp();
            var n = Interlocked.Increment(ref _sent);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Volatile.Read(ref _target)!, "ranker/v2/models/ranker/infer"));
                request.Headers.Add("X-Warden-Key", "u" + n.ToString(CultureInfo.InvariantCulture));
                request.Content = new ByteArrayContent(InferBody);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var answer = await _client.SendAsync(request, _stopLoad.Token);
                await answer.Content.LoadIntoBufferAsync(_stopLoad.Token);
                if (answer.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _ok);
                }
                else
                {
                    _failures.Enqueue((sentAt, ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture)));
                }
            }
            catch (OperationCanceledException) when (_stopLoad.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server was killed (the point of these tests): wait for the next one.
                _failures.Enqueue((sentAt, $"{ex.GetType().Name}: {ex.Message}"));
                try
                {
                    await Task.Delay(50, _stopLoad.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(.*; rollout controller (?<holder>warden-controller@\S+)\)$")]
    private static partial Regex ReadyLine();

    /// <summary>A running <c>warden serve</c>: its traffic and admin addresses and its controller's name (the actor of what it does).</summary>
    internal sealed record Serve(ChildProcess Process, Uri Url, Uri Admin, string Holder);
}
