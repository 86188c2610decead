using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Warden.Core.Traffic;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Serve;

public sealed partial class ServeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warden-serve-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Binary_Serve_ForwardsChangesRoutesAndStopsOnSigterm()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        var config = Write($"""
            gateway:
              health: {"{"} interval_ms: 200 {"}"}
              services:
                ranker:
                  backends: {"{"} v1: {v1.Url}, v2: {v2.Url} {"}"}
                  production: v1
            """);
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir, "--actor", "svc-warden");
        try
        {
            var line = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            var match = ReadyLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line: {line}");
            Assert.Equal("ranker", match.Groups["services"].Value);
            var url = match.Groups["url"].Value;
            var admin = match.Groups["admin"].Value;
            Assert.NotEqual(url, admin);
            Assert.Equal(Path.Combine(_dir, "warden.db"), match.Groups["db"].Value);
            using var client = new HttpClient { BaseAddress = new Uri(url + "/") };
            using var adminClient = new HttpClient { BaseAddress = new Uri(admin + "/") };

            Assert.Equal("v1", EchoReply.Parse(await client.GetStringAsync("ranker/v2/models/ranker")).Version);
            await Poll.UntilAsync(async () => (await client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "/readyz to turn 200", 10_000);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);

            // The admin API is on its own listener only; /metrics, /healthz, /readyz stay on the traffic one.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("admin/routes")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await adminClient.GetAsync("metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync("admin/routes")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await adminClient.GetAsync("admin/shadow")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("admin/shadow")).StatusCode);

            var set = CliRun.Of("route", "set", "ranker", "--canary", "v2", "--weight", "100", "--reason", "full canary", "--actor", "alice", "--gateway", admin);
            Assert.True(set.ExitCode == 0, set.Error);
            var refused = CliRun.Of("route", "set", "ranker", "--production", "v2", "--no-canary", "--gateway", admin);
            Assert.Equal(2, refused.ExitCode);
            Assert.Contains("a GO verdict is needed", refused.Error, StringComparison.Ordinal);
            Assert.Equal("v2", EchoReply.Parse(await client.GetStringAsync("ranker/v2/health/ready")).Version);
            var metrics = await client.GetStringAsync("metrics");
            Assert.Contains("warden_gateway_requests_total{service=\"ranker\",version=\"v1\",arm=\"production\",code=\"200\"} 1\n", metrics);
            Assert.Contains("warden_gateway_requests_total{service=\"ranker\",version=\"v2\",arm=\"canary\",code=\"200\"} 1\n", metrics);

            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            Assert.True(process.WaitForExit(15_000), "warden serve did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
            var error = await process.StandardError.ReadToEndAsync();
            Assert.Contains("warden gateway stopped: 2 requests (0 failed), 0 shadow comparisons, 0 mirrors dropped, 1 route changes", error);
            Assert.Contains("Gateway admin API listening on " + admin, error);
            Assert.Contains("Route of ranker changed to revision 2", error);
            Assert.DoesNotContain("   at ", error);

            // The final flush on shutdown puts both requests' windows in the store.
            // The start and the one applied change are in the audit log, before → after, actor and reason.
            var audit = CliRun.Of("audit", "list", "--subject", "route:ranker", "--json", "--data-dir", _dir);
            using (var json = System.Text.Json.JsonDocument.Parse(audit.Out))
            {
                var events = json.RootElement.GetProperty("events").EnumerateArray().ToList();
                Assert.Equal(["route.load|svc-warden|", "route.change|alice|full canary"], events.Select(e =>
                    $"{e.GetProperty("action").GetString()}|{e.GetProperty("actor").GetString()}|{(e.GetProperty("payload").TryGetProperty("reason", out var r) && e.GetProperty("action").GetString() == "route.change" ? r.GetString() : string.Empty)}"));
                Assert.Equal(100, events[1].GetProperty("payload").GetProperty("after").GetProperty("canary_weight").GetDouble());
            }

            await using var store = await Warden.Storage.Sqlite.SqliteStore.OpenAsync(new Warden.Storage.Sqlite.SqliteStoreOptions { DataDirectory = _dir });
            var far = DateTimeOffset.UnixEpoch;
            var windows = await store.ReadAsync(async (tx, ct) =>
                (await tx.TelemetryWindows.ReadAsync("ranker", "v1", far, far.AddYears(200), ct)).Concat(await tx.TelemetryWindows.ReadAsync("ranker", "v2", far, far.AddYears(200), ct)).ToList());
            Assert.Equal(2, windows.Sum(w => w.Requests));
            Assert.Contains(windows, w => w.Version == "v2" && w.Arm == Warden.Core.Traffic.TrafficArm.Canary);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Theory]
    [InlineData("HUP")]
    [InlineData("INT")]
    public async Task Binary_Serve_StopsGracefullyOnSignal(string signal)
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var config = Write($"gateway:\n  services:\n    ranker: {{ backends: {{ v1: {v1.Url} }}, production: v1 }}\n");
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir, "--actor", "svc-warden");
        try
        {
            var line = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            var url = ReadyLine().Match(line ?? string.Empty).Groups["url"].Value;
            using var client = new HttpClient { BaseAddress = new Uri(url + "/") };
            Assert.Equal("v1", EchoReply.Parse(await client.GetStringAsync("ranker/v2/health/ready")).Version);

            using (Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            Assert.True(process.WaitForExit(15_000), $"warden serve did not stop on SIG{signal}");
            Assert.Equal(0, process.ExitCode);
            var error = await process.StandardError.ReadToEndAsync();
            Assert.Contains("warden gateway stopped: 1 requests (0 failed), 0 shadow comparisons, 0 mirrors dropped, 0 route changes", error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Binary_LogFormatJson_EveryStderrLineIsJsonWithEventIdAndFields()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var config = Write($"gateway:\n  services:\n    ranker: {{ backends: {{ v1: {v1.Url} }}, production: v1 }}\n");
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--data-dir", _dir, "--log-format", "json");
        try
        {
            await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            Assert.True(process.WaitForExit(15_000), "warden serve did not stop on SIGTERM");
            var lines = (await process.StandardError.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            // Every log line parses as JSON; the closing summary is the one plain line, last.
            var logs = lines[..^1].Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
            Assert.StartsWith("warden gateway stopped:", lines[^1]);
            var listening = Assert.Single(logs, l => l.GetProperty("EventId").GetInt32() == 1000);
            Assert.Equal("Warden.Gateway", listening.GetProperty("Category").GetString());
            Assert.Equal("Information", listening.GetProperty("LogLevel").GetString());
            Assert.Equal("ranker", listening.GetProperty("State").GetProperty("Services").GetString());
            Assert.Single(logs, l => l.GetProperty("EventId").GetInt32() == 1001);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Binary_BadConfig_Exit2WithEveryErrorPositioned()
    {
        var config = Write("""
            gateway:
              services:
                ranker:
                  backends: { v1: http://127.0.0.1:1/ }
                  production: v1
                  canary: { version: v2, weight: 120 }
            """);
        using var process = Start("serve", "--config", config, "--data-dir", _dir);

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"{config}: 2 problem(s) in the configuration; the gateway was not started.", error);
        Assert.Contains($"error: {config}:6:26: gateway.services.ranker.canary.version: canary version 'v2' is not a backend of service 'ranker' (did you mean 'v1'?); known backends: v1", error);
        Assert.Contains($"error: {config}:6:38: gateway.services.ranker.canary.weight: canary weight must be 0–100 (percent, 0.01 resolution); currently 120", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void Serve_SameRequestAndShadowLog_Exit2AtTheSetting()
    {
        var config = Write("""
            gateway:
              telemetry:
                request_log: requests.jsonl
                shadow_log: ./requests.jsonl
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            """);

        var run = CliRun.Of("serve", "--config", config, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {config}: 1 problem(s) in the configuration; the gateway was not started.\n" +
            $"error: {config}:4:17: gateway.telemetry.shadow_log: './requests.jsonl' is the same file as request_log ({Path.Combine(_dir, "requests.jsonl")}); expected a file of its own, e.g. logs/shadow.jsonl beside logs/requests.jsonl\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Serve_RequestLogInMissingFolder_Exit2NamesSettingAndFolder()
    {
        var config = Write("""
            gateway:
              telemetry: { request_log: nope/requests.jsonl }
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            """);

        var run = CliRun.Of("serve", "--config", config, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        var folder = Path.Combine(_dir, "nope");
        Assert.Contains($"error: {config}:2:29: gateway.telemetry.request_log: the folder {folder} does not exist; expected a path in an existing folder: create it (mkdir -p {folder}) or change the path", run.Error);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Serve_PolicyAndGatewayErrors_EveryOneReportedInFileOrder()
    {
        var config = Write("""
            policy:
              quorum: 9
              latncy: { p95_target_ms: 100 }
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v2 }
            """);

        var run = CliRun.Of("serve", "--config", config, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal($"error: {config}: 3 problem(s) in the configuration; the gateway was not started.", lines[0]);
        Assert.StartsWith($"error: {config}:2:11: policy.quorum: ", lines[1]);
        Assert.StartsWith($"error: {config}:3:3: policy.latncy: unknown key 'latncy'; did you mean 'latency'?", lines[2]);
        Assert.StartsWith($"error: {config}:6:66: gateway.services.ranker.production: ", lines[3]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Serve_RolloutErrors_Exit2AtTheServiceNameAndTheEvidence()
    {
        var config = Write("""
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            rollout:
              plan: { evidence: bundles/v2.yaml }
              services:
                rankr: { steps: [5, 100] }
            """);

        var run = CliRun.Of("serve", "--config", config, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {config}: 2 problem(s) in the configuration; the gateway was not started.\n" +
            $"error: {config}:5:21: rollout.plan.evidence: the file {Path.Combine(_dir, "bundles", "v2.yaml")} does not exist; expected an existing evidence bundle (evidence.yaml), relative to warden.yaml's folder or absolute: correct the path, or remove the key\n" +
            $"error: {config}:7:5: rollout.services.rankr: service 'rankr' is not in gateway.services (did you mean 'ranker'?); expected a service of gateway.services: ranker; correct the name, or add the service to gateway.services\n",
            run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Binary_PortInUse_Exit2OneLineNoStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var config = Write("gateway:\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }\n");
        using var process = Start("serve", "--config", config, "--urls", $"http://127.0.0.1:{port}", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir);

        var error = await process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(20_000), "warden serve did not exit");

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(
            $"error: --urls http://127.0.0.1:{port}: cannot listen on http://127.0.0.1:{port} (address already in use); pick another --urls address or port (port 0 picks a free one), or stop what holds it.\n",
            error.ReplaceLineEndings("\n"));
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "error: --urls: '127.0.0.1:8080' is not an http://HOST:PORT or https://HOST:PORT address; e.g. --urls http://127.0.0.1:8080 (https:// with gateway.tls in warden.yaml; see docs/gateway.md).")]
    [InlineData("http://127.0.0.1:8080/ranker", "error: --urls: 'http://127.0.0.1:8080/ranker' is not an http://HOST:PORT or https://HOST:PORT address; e.g. --urls http://127.0.0.1:8080 (https:// with gateway.tls in warden.yaml; see docs/gateway.md).")]
    [InlineData("https://127.0.0.1:8443", "error: --urls: 'https://127.0.0.1:8443' asks for HTTPS, but warden.yaml has no gateway.tls; set gateway.tls.certificate and gateway.tls.key (docs/gateway.md), or write it http://127.0.0.1:8443.")]
    public void Serve_BadUrls_Exit2(string urls, string error)
    {
        var config = Write("gateway:\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }\n");

        var run = CliRun.Of("serve", "--config", config, "--urls", urls, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error + "\n", run.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Serve_MissingConfig_Exit2()
    {
        var run = CliRun.Of("serve", "--config", Path.Combine(_dir, "nope.yaml"), "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {Path.Combine(_dir, "nope.yaml")}: no such file; expected a warden.yaml with a gateway: section", run.Error);
    }

    [Fact]
    public async Task Binary_AdminPortInUse_Exit2NamesTheAdminSetting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var config = Write($"gateway:\n  admin: {{ urls: [\"http://127.0.0.1:{port}\"] }}\n  services:\n    ranker: {{ backends: {{ v1: http://127.0.0.1:1/ }}, production: v1 }}\n");
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--data-dir", _dir);

        var error = await process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(20_000), "warden serve did not exit");

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(
            $"error: --admin-urls http://127.0.0.1:{port} (else gateway.admin.urls): cannot listen on http://127.0.0.1:{port} (address already in use); pick another admin address or port with --admin-urls or gateway.admin.urls (port 0 picks a free one), or stop what holds it.\n",
            error.ReplaceLineEndings("\n"));
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(services: (?<services>[^;)]*); telemetry windows to sqlite:(?<db>[^;)]*); rollout controller warden-controller@[^:]+:\d+:[0-9a-f]{6}\)$")]
    private static partial Regex ReadyLine();

    private static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "warden.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
