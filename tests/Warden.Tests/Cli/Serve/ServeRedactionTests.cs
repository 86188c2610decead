using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Warden.Cli.Serve;
using Warden.Core.Privacy;
using Warden.Gateway.Configuration;
using Warden.Gateway.Tests.Support;

namespace Warden.Tests.Cli.Serve;

/// <summary>
/// Secrets and personal data (issue 16): each sent through every path of a real <c>warden serve</c>
/// (production and shadow), then every file it wrote and its standard error searched for them.
/// </summary>
public sealed class ServeRedactionTests : IDisposable
{
    private const string Token = "tok-5ecret-bearer";
    private const string ProxyToken = "tok-5ecret-proxy";
    private const string CookieValue = "sess-5ecret-cookie";
    private const string UserId = "uid-5ecret-4711";
    private const string Email = "jane.5ecret@example.org";

    private static readonly string[] Secrets = [Token, ProxyToken, CookieValue, UserId, Email];

    private readonly string _dir = Directory.CreateTempSubdirectory("warden-redact-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Binary_SecretsOnEveryPath_InNoOutputFile()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        await using var v2 = await TestBackend.EchoAsync("v2");
        Directory.CreateDirectory(Path.Combine(_dir, "logs"));
        var config = Path.Combine(_dir, "warden.yaml");
        File.WriteAllText(config, $$"""
            gateway:
              telemetry:
                request_log: logs/requests.jsonl
                shadow_log: logs/shadow.jsonl
                redact: [key, user_id, Email]
              services:
                ranker:
                  backends: { v1: {{v1.Url}}, v2: {{v2.Url}} }
                  production: v1
                  shadow: v2
            """);
        var data = Path.Combine(_dir, "data");

        // A real admin token: every API endpoint is called with it (and the personal data) below.
        var apiToken = Warden.Tests.Support.CliRun.Of("token", "create", "--name", "ops", "--role", "admin", "--data-dir", data).Out.Trim();
        Assert.StartsWith("wdn_", apiToken, StringComparison.Ordinal);
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", data, "--log-format", "json");
        string error;
        try
        {
            var ready = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000) ?? string.Empty;
            var url = ready.Split(' ')[4].TrimEnd(',');
            using var client = new HttpClient { BaseAddress = new Uri(url + "/") };

            // Production and shadow (inference calls are mirrored), a path the service refuses, an unknown service.
            foreach (var path in new[] { "ranker/v2/models/ranker/infer", "ranker/v2/models/ranker/infer", "ranker/not/forwarded", "nosuch/v2/models/ranker/infer" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}?user_id={UserId}&email={Uri.EscapeDataString(Email)}&access_token={Token}")
                {
                    Content = new StringContent($$"""{"parameters":{"user_id":"{{UserId}}","email":"{{Email}}"},"inputs":[]}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                request.Headers.ProxyAuthorization = new AuthenticationHeaderValue("Basic", ProxyToken);
                request.Headers.Add("Cookie", $"session={CookieValue}");
                request.Headers.Add("X-Warden-Key", UserId);
                request.Headers.Add("user_id", UserId);
                request.Headers.Add("Email", Email);
                using var response = await client.SendAsync(request);
            }

            // Every REST endpoint, with the real token, the secrets as query parameters and a JSON body
            // (refused as unknown parameters, or run: either way nothing of them may be written).
            var admin = ready[(ready.IndexOf("admin API on ", StringComparison.Ordinal) + "admin API on ".Length)..].Split(' ')[0];
            using var api = new HttpClient { BaseAddress = new Uri(admin + "/") };
            foreach (var route in Warden.Api.ApiEndpoints.All.Where(r => !r.EventStream && r.Command is not ("cycle run" or "drill")))
            {
                var path = route.Path.TrimStart('/').Replace("{model}", "ranker", StringComparison.Ordinal).Replace("{service}", "ranker", StringComparison.Ordinal)
                    .Replace("{version}", "v2", StringComparison.Ordinal).Replace("{alias}", "canary", StringComparison.Ordinal).Replace("{id}", "cy-1", StringComparison.Ordinal)
                    .Replace("{name}", "v1_rollback_feed", StringComparison.Ordinal).Replace("{deployment}", "d-1", StringComparison.Ordinal);
                using var call = new HttpRequestMessage(new HttpMethod(route.Method), $"{path}?user_id={UserId}&email={Uri.EscapeDataString(Email)}");
                call.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
                call.Headers.Add("Cookie", $"session={CookieValue}");
                if (route.Method == "POST")
                {
                    call.Content = new StringContent($$"""{"reason":"{{Email}}","user_id":"{{UserId}}"}""", Encoding.UTF8, "application/json");
                }

                using var answer = await api.SendAsync(call);
                Assert.True(answer.StatusCode is not (System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden), $"{route.Method} {route.Path}: {(int)answer.StatusCode}");
            }

            var requestLog = Path.Combine(_dir, "logs", "requests.jsonl");
            await Poll.UntilAsync(() => File.Exists(requestLog) && File.ReadAllLines(requestLog).Length >= 2, "two request log lines", 10_000);
        }
        finally
        {
            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
            }

            error = await process.StandardError.ReadToEndAsync();
        }

        // Every path was taken: production and shadow records, the key masked, the configuration line.
        var records = File.ReadAllLines(Path.Combine(_dir, "logs", "requests.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(records, r => r.GetProperty("arm").GetString() == "production");
        Assert.Contains(records, r => r.GetProperty("arm").GetString() == "shadow");
        Assert.All(records, r => Assert.Equal(SensitiveFields.Marker, r.GetProperty("key").GetString()));
        var comparisons = File.ReadAllLines(Path.Combine(_dir, "logs", "shadow.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(comparisons);
        Assert.All(comparisons, c => Assert.Equal(SensitiveFields.Marker, c.GetProperty("key").GetString()));
        var logs = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var configuration = Assert.Single(logs, l => l.GetProperty("EventId").GetInt32() == 4000).GetProperty("State");
        Assert.Equal("Email, key, user_id", configuration.GetProperty("Redacted").GetString());
        Assert.Equal("gateway", configuration.GetProperty("Sections").GetString());
        Assert.StartsWith($"ranker: v1 {v1.Url} (production), v2 {v2.Url} (shadow)", configuration.GetProperty("Services").GetString(), StringComparison.Ordinal);

        // Not one secret in standard error or in any file under the folder (logs, store, reports).
        var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Where(f => f != config).ToList();
        Assert.Contains(files, f => f.EndsWith("warden.db", StringComparison.Ordinal));
        foreach (var secret in Secrets.Append(apiToken).Append(apiToken.Split('_')[2]))
        {
            Assert.DoesNotContain(secret, error, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Uri.EscapeDataString(secret), error, StringComparison.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{secret} found in {file}");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{secret} (UTF-16) found in {file}");
            }
        }
    }

    [Fact]
    public void Log_BackendWithUserInfoAndSecretQuery_Masked()
    {
        var options = TestGateway.Options(
            "ranker",
            [("v1", new Uri("http://alice:pa55word@127.0.0.1:8091/")), ("v2", new Uri("http://127.0.0.1:8092/?api_key=k3y&user_id=u-1"))],
            shadow: "v2") with
        {
            Telemetry = new Warden.Gateway.Telemetry.TelemetryOptions { Redact = ["user_id"] },
        };
        var logger = new LineLogger();

        ServeConfigurationSummary.Log(logger, "warden.yaml", options, ["http://127.0.0.1:8080"], ["http://token:t0k@127.0.0.1:8079"], ["gateway", "policy"]);

        Assert.Equal(
            "Configuration warden.yaml: listening on http://127.0.0.1:8080, admin API on http://[redacted]@127.0.0.1:8079; " +
            "services ranker: v1 http://[redacted]@127.0.0.1:8091/ (production), v2 http://127.0.0.1:8092/?api_key=[redacted]&user_id=[redacted] (shadow); " +
            "sections gateway, policy; request log none, shadow log none, redacted fields user_id",
            Assert.Single(logger.Lines));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

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

    private sealed class LineLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
