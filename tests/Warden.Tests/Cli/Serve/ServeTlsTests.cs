using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Warden.Gateway.Tests.Support;
using Warden.Tests.Support;

namespace Warden.Tests.Cli.Serve;

/// <summary>
/// <c>api.tls</c> and the bind rule through the real binary: the admin listener answers HTTPS with
/// the configured certificate (a client that trusts exactly that certificate, by thumbprint), and a
/// non-loopback admin address without TLS is refused before anything is opened. Acceptance with
/// <c>--insecure-bind</c> is pinned on <see cref="Warden.Api.AdminBindRule"/> (AdminBindRuleTests)
/// only: proving it through the binary would bind 0.0.0.0, and test servers here bind loopback only.
/// </summary>
public sealed partial class ServeTlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("warden-serve-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Binary_TlsConfigured_AdminAnswersHttpsWithThatCertificateOnly()
    {
        var thumbprint = WriteSelfSigned(Path.Combine(_dir, "tls"));
        await using var v1 = await TestBackend.EchoAsync("v1");
        var config = Write($"""
            gateway:
              services:
                ranker: {"{"} backends: {"{"} v1: {v1.Url} {"}"}, production: v1 {"}"}
            api:
              tls:
                certificate: tls/admin.crt
                key: tls/admin.key
            """);
        using var process = Start("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir, "--actor", "svc-warden");
        try
        {
            var line = await Poll.Within(process.StandardOutput.ReadLineAsync(), "the ready line", 20_000);
            var match = ReadyLine().Match(line ?? string.Empty);
            Assert.True(match.Success, $"unexpected first line: {line}");
            var admin = new Uri(match.Groups["admin"].Value + "/");

            string? seen = null;
            using var handler = new HttpClientHandler
            {
                // Trust exactly the certificate written above, nothing else.
                ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                {
                    seen = certificate?.GetCertHashString(HashAlgorithmName.SHA256);
                    return seen == thumbprint;
                },
            };
            using var client = new HttpClient(handler) { BaseAddress = admin };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("admin/routes")).StatusCode);
            Assert.Equal(thumbprint, seen);

            // The same port in clear text gets no HTTP answer: the listener speaks TLS only.
            using var plain = new HttpClient { BaseAddress = new UriBuilder(admin) { Scheme = "http" }.Uri, Timeout = TimeSpan.FromSeconds(5) };
            await Assert.ThrowsAnyAsync<Exception>(() => plain.GetAsync("admin/routes"));

            // And the default validation (no trust in a self-signed certificate) refuses it.
            using var untrusting = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(5) };
            await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync("admin/routes"));

            using (Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
            }

            Assert.True(process.WaitForExit(15_000), "warden serve did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
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
    [InlineData(null, "gateway.admin.urls")]
    [InlineData("http://0.0.0.0:0", "--admin-urls")]
    public void Serve_NonLoopbackAdminWithoutTls_Exit2NamesAddressSettingAndFixes(string? adminUrls, string setting)
    {
        var config = Write("""
            gateway:
              admin: { urls: [http://0.0.0.0:0] }
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            """);
        string[] args = ["serve", "--config", config, "--urls", "http://127.0.0.1:0", "--data-dir", _dir];

        var run = CliRun.Of(adminUrls is null ? args : [.. args, "--admin-urls", adminUrls]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            $"error: {setting}: refusing to serve the admin API (/api/v1, /admin) on http://0.0.0.0:0, not a loopback address, without TLS; " +
            "set api.tls.certificate and api.tls.key in warden.yaml (docs/api.md), or pass --insecure-bind if a TLS terminator or a private network guards that address.\n",
            run.Error.ReplaceLineEndings("\n"));

        // Refused before the store was opened.
        Assert.False(File.Exists(Path.Combine(_dir, "warden.db")));
    }

    [Fact]
    public void Serve_KeyNotMatchingCertificate_Exit2NamesBothFiles()
    {
        WriteSelfSigned(Path.Combine(_dir, "tls"));
        using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(Path.Combine(_dir, "tls", "other.key"), other.ExportPkcs8PrivateKeyPem());
        }

        var config = Write("""
            gateway:
              services:
                ranker: { backends: { v1: http://127.0.0.1:1/ }, production: v1 }
            api:
              tls: { certificate: tls/admin.crt, key: tls/other.key }
            """);

        var run = CliRun.Of("serve", "--config", config, "--urls", "http://127.0.0.1:0", "--admin-urls", "http://127.0.0.1:0", "--data-dir", _dir);

        Assert.Equal(2, run.ExitCode);
        var certificate = Path.Combine(_dir, "tls", "admin.crt");
        var key = Path.Combine(_dir, "tls", "other.key");
        Assert.StartsWith($"error: api.tls: cannot load the certificate {certificate} with the key {key} (", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("); give a PEM certificate and its matching unencrypted PEM private key.\n", run.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_Help_ListsInsecureBind()
    {
        var run = CliRun.Of("serve", "--help");

        Assert.Contains("--insecure-bind", run.Out, StringComparison.Ordinal);
    }

    // A self-signed certificate for 127.0.0.1, written as admin.crt and admin.key (PKCS#8); its SHA-256 thumbprint.
    private static string WriteSelfSigned(string folder)
    {
        var certificate = SelfSignedCertificate.Create("CN=warden-test-admin");
        certificate.Write(folder, "admin");
        return certificate.Thumbprint;
    }

    [GeneratedRegex(@"^warden gateway listening on (?<url>http://127\.0\.0\.1:\d+), admin API on (?<admin>https://127\.0\.0\.1:\d+) \(")]
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
