using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Warden.Tests.Rollouts;
using Warden.Tests.Support;

namespace Warden.Tests.Drills;

/// <summary>
/// A running installation to drill, all real processes on 127.0.0.1: the reference model server
/// as ranker's production v1, the drill copy's known-good v1 and the faulty build (same weights,
/// version "faulty", with its fault endpoint), and <c>warden serve</c> routing ranker and its drill
/// copy ranker-drill. The rig supervises the faulty build as Kubernetes or systemd would: when it
/// dies (a crash drill), it is started again on the same ports. ranker v1 is production in the
/// registry with a checkpoint verified at start, so drills measure an RPO.
/// </summary>
public sealed partial class DrillRig : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ChildProcess> _processes = [];
    private ChildProcess? _faulty;
    private Task? _supervisor;
    private string _dll = string.Empty;
    private int _faultyPort;
    private int _faultyAdminPort;

    /// <summary>The data directory <c>warden serve</c> and the drills share.</summary>
    public string DataDir => _dir.File("data");

    /// <summary>The server's warden.yaml.</summary>
    public string ConfigPath => _dir.File("warden.yaml");

    /// <summary>The gateway's traffic listener.</summary>
    public Uri Traffic { get; private set; } = null!;

    /// <summary>The gateway's admin API.</summary>
    public Uri Admin { get; private set; } = null!;

    /// <summary>The faulty build's fault endpoint.</summary>
    public Uri Faults => new($"http://127.0.0.1:{_faultyAdminPort}/admin/faults");

    /// <summary>A folder of the rig's for a test's outputs.</summary>
    public string Folder(string name) => Directory.CreateDirectory(_dir.File(name)).FullName;

    /// <summary>How many times the faulty build was started (1 + restarts after crashes).</summary>
    public int FaultyStarts { get; private set; }

    /// <summary>Standard error of <c>warden serve</c>, for failure messages.</summary>
    public string ServeLog => _processes.Count > 0 ? _processes[^1].Error : string.Empty;

    public async Task InitializeAsync()
    {
        _dll = await ModelServerPair.ModelServerDllAsync();
        var production = StartModelServer(["--weights", RepoPaths.Sample("models", "v1.weights.json"), "--urls", "http://127.0.0.1:0"]);
        var knownGood = StartModelServer(["--weights", RepoPaths.Sample("models", "v1.weights.json"), "--urls", "http://127.0.0.1:0"]);
        (_faultyPort, _faultyAdminPort) = (FreePort(), FreePort());
        await StartFaultyAsync();
        var productionUrl = ModelServerPair.Listening(await production.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
        var knownGoodUrl = ModelServerPair.Listening(await knownGood.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
        _supervisor = Task.Run(SuperviseAsync);

        // The drill's request: v1 ranks item-009 first (compliant); with its scores inverted
        // item-003 comes first, which the catalog's labels mark not compliant (N % 10 == 3).
        await File.WriteAllTextAsync(
            _dir.File("drill-request.json"),
            """{"id":"drill","inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["red running shoes"]},{"name":"candidate_ids","shape":[3],"datatype":"BYTES","data":["item-001","item-003","item-009"]}]}""");
        await File.WriteAllTextAsync(ConfigPath, $$"""
            policy:
              # The suite runs other process tests beside this one, and a busy 2-core box stretches the
              # gateway's P95 by tens of ms: targets the healthy path meets with room (the latency
              # drill adds 300 ms, past both).
              latency: { p95_target_ms: 200, p95_drift_limit_ms: 100 }
            gateway:
              timeouts: { request_ms: 2000 }     # a hung build's requests end at 2 s, as 504s the guard counts
              services:
                ranker:
                  backends: { v1: "{{productionUrl}}" }
                  production: v1
                ranker-drill:
                  backends: { v1: "{{knownGoodUrl}}", faulty: "http://127.0.0.1:{{_faultyPort}}/" }
                  production: v1
                  compliance_labels: {{RepoPaths.Sample("data", "catalog-compliance.qrels")}}
            rollout:
              controller: { interval_ms: 100, lease_ms: 3000 }
            drill:
              load_rate: 100
              timeout_s: 20
              services:
                ranker:
                  candidate: faulty
                  faults: {{Faults}}
                  request: { body: drill-request.json }
            """);

        Directory.CreateDirectory(_dir.File("artifacts"));
        File.Copy(RepoPaths.Sample("models", "v1.weights.json"), _dir.File("artifacts/v1.weights.json"));
        Ok(Cli("registry", "add", "ranker", "v1", "--artifact", _dir.File("artifacts/v1.weights.json"), "--allow-root", _dir.Path));
        Ok(Cli("registry", "alias", "ranker", "production", "v1", "--override", "--reason", "drill rig"));
        Ok(Cli("checkpoint", "verify", "ranker", "v1"));

        var serve = ChildProcess.Start(
            Path.Combine(AppContext.BaseDirectory, "warden.dll"),
            ["serve", "--config", ConfigPath, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", DataDir, "--actor", "svc-warden"],
            _dir.Path,
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        _processes.Add(serve);
        var line = await serve.WaitForLineAsync("warden gateway listening on ", TimeSpan.FromSeconds(30));
        var match = ReadyLine().Match(line);
        Assert.True(match.Success, $"unexpected ready line: {line}");
        Traffic = new Uri(match.Groups["url"].Value + "/");
        Admin = new Uri(match.Groups["admin"].Value + "/");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_supervisor is not null)
        {
            await _supervisor;
        }

        _faulty?.Dispose();
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _dir.Dispose();
        _stop.Dispose();
    }

    /// <summary>The CLI, in-process, on the rig's store as actor 'drill-tester'.</summary>
    internal CliRun Cli(params string[] args) => CliRun.Of([.. args, "--data-dir", DataDir, "--actor", "drill-tester"]);

    /// <summary><c>warden drill ranker ARGS</c> against the rig's server, writing to <paramref name="output"/>.</summary>
    internal CliRun Drill(string output, params string[] args) =>
        Cli(["drill", "ranker", .. args, "--config", ConfigPath, "--gateway", Admin.AbsoluteUri, "--traffic", Traffic.AbsoluteUri, "--out", output]);

    /// <summary>The JSON of a command that succeeded.</summary>
    internal static JsonNode Ok(CliRun run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        return JsonNode.Parse(run.Out.Length > 0 && run.Out.TrimStart().StartsWith('{') ? run.Out : "{}")!;
    }

    private ChildProcess StartModelServer(string[] args)
    {
        var process = ChildProcess.Start(_dll, [.. args, "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")], RepoPaths.Root);
        _processes.Add(process);
        return process;
    }

    private async Task StartFaultyAsync()
    {
        _faulty?.Dispose();
        _faulty = ChildProcess.Start(
            _dll,
            ["--weights", RepoPaths.Sample("models", "v1.weights.json"), "--version", "faulty", "--urls", $"http://127.0.0.1:{_faultyPort}", "--admin-urls", $"http://127.0.0.1:{_faultyAdminPort}",
             "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")],
            RepoPaths.Root);
        FaultyStarts++;
        await _faulty.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30));
    }

    // The faulty build's supervisor: a crash drill kills it; it is started again at once.
    private async Task SuperviseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(100, _stop.Token);
                if (_faulty!.HasExited)
                {
                    await StartFaultyAsync();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // A port nobody holds now: the faulty build must come back on the same one after a crash.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(.*; rollout controller (?<holder>warden-controller@\S+)\)$")]
    private static partial Regex ReadyLine();
}
