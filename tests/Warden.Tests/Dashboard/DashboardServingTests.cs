using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Warden.Dashboard;
using Warden.Gateway.Tests.Support;

namespace Warden.Tests.Dashboard;

/// <summary><c>warden serve</c> as a real binary: the dashboard on the admin listener, its headers, and <c>--open</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DashboardServingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warden-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Binary_ServeOpen_PrintsUrlServesPageAndOpensItAfterHealthCheck()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var opened = Path.Combine(_dir, "opened.txt");
        var opener = Path.Combine(_dir, "browser.sh");
        await File.WriteAllTextAsync(opener, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var process = Serve(v1.Url, opener, "--open");
        try
        {
            var (traffic, admin) = await ReadyAsync(process);
            using var client = new HttpClient();

            // Opened once the health check passed, with the printed URL.
            await Poll.UntilAsync(() => Task.FromResult(File.Exists(opened)), "the opener to run", 15_000);
            Assert.Equal($"{admin}/\n", await File.ReadAllTextAsync(opened));

            // '/' answers index.html with the headers, an asset its own type, an unknown asset 404.
            using var page = await client.GetAsync(new Uri($"{admin}/"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html; charset=utf-8", page.Content.Headers.ContentType!.ToString());
            Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, Single(page, "Content-Security-Policy"));
            Assert.Equal("nosniff", Single(page, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Single(page, "Referrer-Policy"));
            Assert.Equal("no-cache", Single(page, "Cache-Control"));
            Assert.Equal(DashboardAssets.Embedded.Find("index.html")!.ETag, page.Headers.ETag!.ToString());
            Assert.False(page.Headers.ETag.IsWeak);
            Assert.Contains("<main id=\"view\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var script = await client.GetAsync(new Uri($"{admin}/dashboard/views/services.js"));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript; charset=utf-8", script.Content.Headers.ContentType!.ToString());
            Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, Single(script, "Content-Security-Policy"));
            using var style = await client.GetAsync(new Uri($"{admin}/dashboard/app.css"));
            Assert.Equal("text/css; charset=utf-8", style.Content.Headers.ContentType!.ToString());
            using var icon = await client.GetAsync(new Uri($"{admin}/dashboard/favicon.svg"));
            Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.ToString());

            // A revalidation with the current tag is a 304 with no body; with another tag the file.
            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri($"{admin}/dashboard/app.js"));
            again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(DashboardAssets.Embedded.Find("app.js")!.ETag));
            using var notModified = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
            Assert.Equal(DashboardAssets.Embedded.Find("app.js")!.ETag, notModified.Headers.ETag!.ToString());
            using var stale = new HttpRequestMessage(HttpMethod.Get, new Uri($"{admin}/dashboard/app.js"));
            stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"old\""));
            using var changed = await client.SendAsync(stale);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

            using var unknown = await client.GetAsync(new Uri($"{admin}/dashboard/nope.js"));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, Single(unknown, "Content-Security-Policy"));
            using var escape = await client.GetAsync(new Uri($"{admin}/dashboard/..%2Fwarden.dll"));
            Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);

            // The traffic listener serves none of it; the admin listener's Host check covers the page too.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"{traffic}/dashboard/app.js"))).StatusCode);
            Assert.DoesNotContain("<main", await client.GetStringAsync(new Uri($"{traffic}/ranker/v2/health/ready")), StringComparison.Ordinal);
            using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri($"{admin}/"));
            rebound.Headers.Host = "attacker.example";
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(rebound)).StatusCode);

            // The files need no token; the API behind them does.
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri($"{admin}/api/v1/routes"))).StatusCode);

            var error = await StopAsync(process);
            Assert.Contains($"Dashboard {admin}/ opened with {opener}", error, StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Binary_ServeOpen_MissingOpenerIsAWarningNotAFailure()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var missing = Path.Combine(_dir, "no-such-browser");
        using var process = Serve(v1.Url, missing, "--open");
        try
        {
            var (_, admin) = await ReadyAsync(process);
            using var client = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"{admin}/"))).StatusCode);

            // The opener's turn comes and goes; the server keeps running and exits 0.
            await Poll.UntilAsync(() => Task.FromResult(Error(process).Contains("Dashboard not opened", StringComparison.Ordinal)), "the warning", 15_000);
            Assert.False(process.HasExited);
            var error = await StopAsync(process);
            Assert.Contains($"Dashboard not opened: cannot run {missing} (", error, StringComparison.Ordinal);
            Assert.Contains($"set WARDEN_BROWSER to a browser command; open {admin}/ in a browser yourself", error, StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Binary_ServeWithoutOpen_PrintsUrlAndOpensNothing()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var opened = Path.Combine(_dir, "opened.txt");
        var opener = Path.Combine(_dir, "browser.sh");
        await File.WriteAllTextAsync(opener, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{opened}'\n");
        File.SetUnixFileMode(opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var process = Serve(v1.Url, opener);
        try
        {
            await ReadyAsync(process);
            await Task.Delay(1500);
            var error = await StopAsync(process);
            Assert.False(File.Exists(opened));
            Assert.DoesNotContain("Dashboard", error, StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    // The ready line, then the dashboard line: "dashboard: ADMIN/".
    private static async Task<(string Traffic, string Admin)> ReadyAsync(Process process)
    {
        var ready = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
        var match = ReadyLine().Match(ready ?? string.Empty);
        Assert.True(match.Success, $"unexpected first line: {ready}");
        var admin = match.Groups["admin"].Value;
        var dashboard = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the dashboard line", 5_000);
        Assert.Equal($"dashboard: {admin}/", dashboard);
        return (match.Groups["url"].Value, admin);
    }

    private Process Serve(Uri backend, string opener, params string[] extra)
    {
        var config = Path.Combine(_dir, "warden.yaml");
        File.WriteAllText(config, $"gateway:\n  services:\n    ranker: {{ backends: {{ v1: {backend} }}, production: v1 }}\n");
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir, .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[SystemBrowserOpenerVariable] = opener;
        var process = Process.Start(start)!;
        var text = new System.Text.StringBuilder();
        lock (Errors)
        {
            Errors[process.Id] = text;
        }

        process.ErrorDataReceived += (_, line) =>
        {
            lock (Errors)
            {
                text.Append(line.Data).Append('\n');
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private const string SystemBrowserOpenerVariable = Warden.Cli.Serve.SystemBrowserOpener.Variable;

    private static async Task<string> StopAsync(Process process)
    {
        using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
        }

        Assert.True(process.WaitForExit(15_000), "warden serve did not stop on SIGTERM");
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return Error(process);
    }

    // Standard error as read so far (read as it is written, so a test can wait for a line).
    private static string Error(Process process)
    {
        lock (Errors)
        {
            return Errors.TryGetValue(process.Id, out var text) ? text.ToString() : string.Empty;
        }
    }

    private static readonly Dictionary<int, System.Text.StringBuilder> Errors = [];

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static string Single(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"no {header} header");

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(")]
    private static partial Regex ReadyLine();
}
