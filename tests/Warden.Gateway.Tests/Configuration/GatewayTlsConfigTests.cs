using System.Globalization;
using Warden.Gateway.Configuration;
using Warden.Tests.Support;

namespace Warden.Gateway.Tests.Configuration;

/// <summary>
/// <c>gateway.tls</c>: absent means plain HTTP on the traffic listener; present, both files are needed,
/// resolved against warden.yaml's folder and existing; every refusal with its exact message and
/// position, worded as <c>api.tls</c>'s are.
/// </summary>
public sealed class GatewayTlsConfigTests : IDisposable
{
    private const string CertificateExpected =
        "the traffic listener's certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute";

    private const string KeyExpected =
        "the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute";

    private const string BothNeeded = "gateway.tls needs both certificate and key (or remove gateway.tls to serve plain HTTP)";

    private const string Services = "  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n";

    private readonly TempDirectory _folder = new();

    public GatewayTlsConfigTests()
    {
        File.WriteAllText(_folder.File("gateway.crt"), "-----BEGIN CERTIFICATE-----\n");
        Directory.CreateDirectory(_folder.File("tls"));
        File.WriteAllText(Path.Combine(_folder.Path, "tls", "gateway.key"), "-----BEGIN PRIVATE KEY-----\n");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_NoTls_PlainHttp() => Assert.Null(LoadOk("").Tls);

    [Fact]
    public void Load_BothFiles_ResolvedAgainstTheFilesFolder()
    {
        var tls = LoadOk("  tls:\n    certificate: gateway.crt\n    key: tls/../tls/gateway.key\n").Tls!;

        Assert.Equal((_folder.File("gateway.crt"), Path.Combine(_folder.Path, "tls", "gateway.key")), (tls.CertificatePath, tls.KeyPath));
    }

    [Fact]
    public void Load_AbsolutePaths_KeptAsGiven()
    {
        var certificate = _folder.File("gateway.crt");
        var key = Path.Combine(_folder.Path, "tls", "gateway.key");

        var tls = LoadOk($"  tls: {{ certificate: {certificate}, key: {key} }}\n").Tls!;

        Assert.Equal((certificate, key), (tls.CertificatePath, tls.KeyPath));
    }

    [Theory]
    [InlineData(
        "  tls:\n    certificate: gateway.crt\n",
        "warden.yaml:2:3: gateway.tls.key: missing required key 'key'; expected " + KeyExpected + "; " + BothNeeded)]
    [InlineData(
        "  tls:\n    key: tls/gateway.key\n",
        "warden.yaml:2:3: gateway.tls.certificate: missing required key 'certificate'; expected " + CertificateExpected + "; " + BothNeeded)]
    [InlineData(
        "  tls:\n",
        "warden.yaml:2:3: gateway.tls.certificate: missing required key 'certificate'; expected " + CertificateExpected + "; " + BothNeeded,
        "warden.yaml:2:3: gateway.tls.key: missing required key 'key'; expected " + KeyExpected + "; " + BothNeeded)]
    [InlineData(
        "  tls:\n    certificate: gateway.crt\n    key: gateway.key\n",
        "warden.yaml:4:10: gateway.tls.key: the file {0}/gateway.key does not exist; expected " + KeyExpected + ": correct the path, or create the file")]
    [InlineData(
        "  tls:\n    certificate: tls\n    key: tls/gateway.key\n",
        "warden.yaml:3:18: gateway.tls.certificate: {0}/tls is a folder, not a PEM certificate; expected " + CertificateExpected + ": correct the path, or create the file")]
    [InlineData(
        "  tls:\n    certificate: gateway.crt\n    key:\n",
        "warden.yaml:4:9: gateway.tls.key: no value given; expected " + KeyExpected + ", or remove the key")]
    [InlineData(
        "  tls: gateway.crt\n",
        "warden.yaml:2:8: gateway.tls: 'gateway.crt' is not a mapping; expected a mapping with the keys certificate, key")]
    [InlineData(
        "  tls: { certificate: gateway.crt, key: tls/gateway.key, password: x }\n",
        "warden.yaml:2:58: gateway.tls.password: unknown key 'password'; expected one of certificate, key")]
    public void Load_BadTls_ErrorsAtTheKeyWithTheFix(string yaml, params string[] errors)
    {
        var result = GatewayConfigLoader.Load(new StringReader("gateway:\n" + yaml + Services), "warden.yaml", _folder.Path);

        Assert.Equal(
            errors.Select(e => string.Format(CultureInfo.InvariantCulture, e, _folder.Path)),
            result.Errors.Select(e => e.ToString()));
    }

    private GatewayOptions LoadOk(string yaml)
    {
        var result = GatewayConfigLoader.Load(new StringReader("gateway:\n" + yaml + Services), "warden.yaml", _folder.Path);
        Assert.Empty(result.Errors);
        return result.Options!;
    }
}
