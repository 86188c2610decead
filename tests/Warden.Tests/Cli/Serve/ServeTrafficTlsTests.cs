using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Serve;

/// <summary>
/// The traffic listener's protocols through the real binary: with <c>gateway.tls</c>, HTTPS on
/// <c>https://</c> addresses, HTTP/2 by ALPN and HTTP/1.1, the proxy, /healthz, /readyz and /metrics
/// included; without it, HTTP/1.1 and h2c on one <c>http://</c> address. Every refusal (a half
/// <c>gateway.tls</c>, a missing file, a key that does not fit, an address whose scheme contradicts
/// the setting) is exit 2 with its exact line, before the store is opened.
/// </summary>
public sealed partial class ServeTrafficTlsTests : IDisposable
{
    private const string Services = "  services:\n    ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("warden-serve-traffic-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Binary_GatewayTls_Http2AndHttp11OnTheHttpsTrafficListener()
    {
        var certificate = SelfSignedCertificate.Create("CN=warden-test-gateway");
        certificate.Write(Path.Combine(_dir, "tls"), "gateway");
        await using var v1 = await TestBackend.EchoAsync("v1");
        var config = Write($"gateway:\n  tls: {{ certificate: tls/gateway.crt, key: tls/gateway.key }}\n  services:\n    ranker: {{ backends: {{ v1: {v1.Url} }}, production: v1 }}\n");
        using var process = Start("serve", "--config", config, "--urls", "https://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir);
        try
        {
            var line = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            var match = ReadyLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line: {line}");
            var traffic = new Uri(match.Groups["url"].Value + "/");
            using var http2 = Client(certificate, traffic, HttpVersion.Version20);
            using var http1 = Client(certificate, traffic, HttpVersion.Version11);

            using (var response = await http2.GetAsync("ranker/v2/models/ranker"))
            {
                var echo = EchoReply.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (response.StatusCode, response.Version));
                Assert.Equal(("v1", "/v2/models/ranker", "https"), (echo.Version, echo.Path, echo.Headers["x-forwarded-proto"]));
            }

            using (var response = await http1.GetAsync("ranker/v2/models/ranker"))
            {
                Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (response.StatusCode, response.Version));
                Assert.Equal("v1", EchoReply.Parse(await response.Content.ReadAsStringAsync()).Version);
            }

            // The gateway's own endpoints on the same listener, over HTTP/2 and TLS.
            await Poll.UntilAsync(async () => (await http2.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "/readyz over TLS", 10_000);
            using (var health = await http2.GetAsync("healthz"))
            {
                Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (health.StatusCode, health.Version));
            }

            using (var metrics = await http2.GetAsync("metrics"))
            {
                Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (metrics.StatusCode, metrics.Version));
                Assert.Contains("warden_gateway_requests_total{", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            await StopAsync(process);
        }
        finally
        {
            Kill(process);
        }
    }

    [Fact]
    public async Task Binary_Cleartext_Http11AndH2cOnOneAddressWithoutKestrelsWarning()
    {
        await using var v1 = await TestBackend.EchoAsync("v1");
        var config = Write($"gateway:\n  services:\n    ranker: {{ backends: {{ v1: {v1.Url} }}, production: v1 }}\n");
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir);
        try
        {
            var line = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            var traffic = new Uri(Regex.Match(line ?? string.Empty, @"^warden gateway listening on (http://127\.0\.0\.1:\d+),").Groups[1].Value + "/");
            using var h2c = Client(certificate: null, traffic, HttpVersion.Version20);
            using var http1 = Client(certificate: null, traffic, HttpVersion.Version11);

            using var viaH2c = await h2c.GetAsync("ranker/v2/models/ranker");
            using var viaHttp1 = await http1.GetAsync("ranker/v2/models/ranker");

            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (viaH2c.StatusCode, viaH2c.Version));
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (viaHttp1.StatusCode, viaHttp1.Version));
            await StopAsync(process);

            // Kestrel warns "HTTP/2 is not enabled" for a cleartext endpoint that allows HTTP/1.1 and HTTP/2; this one does not.
            Assert.DoesNotContain("HTTP/2 is not enabled", await process.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
        }
        finally
        {
            Kill(process);
        }
    }

    [Theory]
    [InlineData("  tls: { certificate: tls/gateway.crt }\n", "{0}:2:3: gateway.tls.key: missing required key 'key'; expected the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute; gateway.tls needs both certificate and key (or remove gateway.tls to serve plain HTTP)")]
    [InlineData("  tls: { certificate: tls/gateway.pem, key: tls/gateway.key }\n", "{0}:2:23: gateway.tls.certificate: the file {1}/tls/gateway.pem does not exist; expected the traffic listener's certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute: correct the path, or create the file")]
    public void Serve_BadGatewayTls_Exit2AtTheKey(string tls, string error)
    {
        SelfSignedCertificate.Create().Write(Path.Combine(_dir, "tls"), "gateway");
        var config = Write("gateway:\n" + tls + Services);

        var run = CliRun.Of("serve", "--config", config, "--urls", "https://127.0.0.1:0", "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {config}: 1 problem(s) in the configuration; the gateway was not started.\n" +
            "error: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, error, config, _dir) + "\n",
            run.Error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(_dir, "warden.db")));
    }

    [Theory]
    [InlineData(
        true, "http://127.0.0.1:0",
        "error: --urls: 'http://127.0.0.1:0' is plain HTTP, but warden.yaml sets gateway.tls, so the traffic listener speaks HTTPS only; write it https://127.0.0.1:0, or remove gateway.tls to serve plain HTTP.")]
    [InlineData(
        true, "https://127.0.0.1:0;http://[::1]:0",
        "error: --urls: 'http://[::1]:0' is plain HTTP, but warden.yaml sets gateway.tls, so the traffic listener speaks HTTPS only; write it https://[::1]:0, or remove gateway.tls to serve plain HTTP.")]
    [InlineData(
        false, "https://127.0.0.1:8443",
        "error: --urls: 'https://127.0.0.1:8443' asks for HTTPS, but warden.yaml has no gateway.tls; set gateway.tls.certificate and gateway.tls.key (docs/gateway.md), or write it http://127.0.0.1:8443.")]
    public void Serve_UrlSchemeContradictsGatewayTls_Exit2NamesBothSettings(bool tls, string urls, string error)
    {
        SelfSignedCertificate.Create().Write(Path.Combine(_dir, "tls"), "gateway");
        var config = Write("gateway:\n" + (tls ? "  tls: { certificate: tls/gateway.crt, key: tls/gateway.key }\n" : "") + Services);

        var run = CliRun.Of("serve", "--config", config, "--urls", urls, "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(error + "\n", run.Error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(_dir, "warden.db")));
    }

    [Fact]
    public void Serve_GatewayTlsKeyNotMatchingCertificate_Exit2NamesTheSettingAndBothFiles()
    {
        SelfSignedCertificate.Create().Write(Path.Combine(_dir, "tls"), "gateway");
        SelfSignedCertificate.Create().Write(Path.Combine(_dir, "tls"), "other");
        var config = Write("gateway:\n  tls: { certificate: tls/gateway.crt, key: tls/other.key }\n" + Services);

        var run = CliRun.Of("serve", "--config", config, "--urls", "https://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        var certificate = Path.Combine(_dir, "tls", "gateway.crt");
        var key = Path.Combine(_dir, "tls", "other.key");
        Assert.StartsWith($"error: gateway.tls: cannot load the certificate {certificate} with the key {key} (", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("); give a PEM certificate and its matching unencrypted PEM private key.\n", run.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "warden.db")));
    }

    [Fact]
    public void Serve_Help_UrlsNamesTheProtocolsAndGatewayTls()
    {
        var run = CliRun.Of("serve", "--help");

        Assert.Contains("h2c", run.Out, StringComparison.Ordinal);
        Assert.Contains("https://127.0.0.1:8080 with gateway.tls", run.Out.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    private static HttpClient Client(SelfSignedCertificate? certificate, Uri traffic, Version version) =>
        new(certificate?.TrustingHandler() ?? new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = traffic,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(10),
        };

    private static async Task StopAsync(Process process)
    {
        using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
        }

        Assert.True(await Task.Run(() => process.WaitForExit(15_000)), "warden serve did not stop on SIGTERM");
        Assert.Equal(0, process.ExitCode);
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>https://127\.0\.0\.1:\d+), admin API on (?<admin>http://127\.0\.0\.1:\d+) \(")]
    private static partial Regex ReadyLine();

    private static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "warden.dll");
        return Process.Start(new ProcessStartInfo("dotnet", [dll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "warden.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
