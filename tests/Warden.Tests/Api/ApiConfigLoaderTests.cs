using Warden.Api;
using Warden.Configuration;
using Warden.Core.Configuration;
using Warden.Tests.Support;

namespace Warden.Tests.Api;

/// <summary>
/// The <c>api:</c> section of warden.yaml: absent means plain HTTP; <c>api.tls</c> needs both files,
/// resolved against warden.yaml's folder, existing; every refusal with its exact message and position.
/// </summary>
public sealed class ApiConfigLoaderTests : IDisposable
{
    private const string CertificateExpected =
        "the admin listener's certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute";

    private const string KeyExpected =
        "the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute";

    private const string BothNeeded = "api.tls needs both certificate and key (or remove api.tls to serve plain HTTP on loopback)";

    private const string Gateway = "gateway:\n  services:\n    ranker: { backends: { v1: http://127.0.0.1:8091/ }, production: v1 }\n";

    private readonly TempDirectory _folder = new();

    public ApiConfigLoaderTests()
    {
        File.WriteAllText(_folder.File("admin.crt"), "-----BEGIN CERTIFICATE-----\n");
        Directory.CreateDirectory(_folder.File("tls"));
        File.WriteAllText(Path.Combine(_folder.Path, "tls", "admin.key"), "-----BEGIN PRIVATE KEY-----\n");
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("api:\n")]
    [InlineData("api: {}\n")]
    public void Load_NoTls_PlainHttp(string yaml) => Assert.Null(LoadOk(yaml).Tls);

    [Fact]
    public void Load_BothFiles_ResolvedAgainstTheFilesFolder()
    {
        var tls = LoadOk("api:\n  tls:\n    certificate: admin.crt\n    key: tls/../tls/admin.key\n").Tls!;

        Assert.Equal((_folder.File("admin.crt"), Path.Combine(_folder.Path, "tls", "admin.key")), (tls.CertificatePath, tls.KeyPath));
    }

    [Theory]
    [InlineData(
        "api:\n  tls:\n    certificate: admin.crt\n    key: admin.key\n",
        "warden.yaml:7:10: api.tls.key: the file {0}/admin.key does not exist; expected " + KeyExpected + ": correct the path, or create the file")]
    [InlineData(
        "api:\n  tls:\n    certificate: tls\n    key: tls/admin.key\n",
        "warden.yaml:6:18: api.tls.certificate: {0}/tls is a folder, not a PEM certificate; expected " + CertificateExpected + ": correct the path, or create the file")]
    [InlineData(
        "api:\n  tls:\n    certificate: admin.crt\n",
        "warden.yaml:5:3: api.tls.key: missing required key 'key'; expected " + KeyExpected + "; " + BothNeeded)]
    [InlineData(
        "api:\n  tls:\n    key: tls/admin.key\n",
        "warden.yaml:5:3: api.tls.certificate: missing required key 'certificate'; expected " + CertificateExpected + "; " + BothNeeded)]
    [InlineData(
        "api:\n  tls:\n    certificate: \"admin\\0.crt\"\n    key: tls/admin.key\n",
        "warden.yaml:6:18: api.tls.certificate: 'admin\0.crt' is not a file path; expected " + CertificateExpected)]
    [InlineData(
        "api:\n  tls:\n    certificate: admin.crt\n    key:\n",
        "warden.yaml:7:9: api.tls.key: no value given; expected " + KeyExpected + ", or remove the key")]
    [InlineData(
        "api:\n  tls: admin.crt\n",
        "warden.yaml:5:8: api.tls: 'admin.crt' is not a mapping; expected a mapping with the keys certificate, key")]
    [InlineData(
        "api:\n  tsl:\n    certificate: admin.crt\n",
        "warden.yaml:5:3: api.tsl: unknown key 'tsl'; did you mean 'tls'?; expected one of tls")]
    public void Load_BadTls_OneErrorAtTheKeyWithTheFix(string yaml, string error)
    {
        var file = Load(yaml);

        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, error, _folder.Path)], file.Errors.Select(e => e.ToString()));
    }

    private ApiOptions LoadOk(string yaml)
    {
        var file = Load(yaml);
        Assert.Empty(file.Errors);
        return file.Get<ApiOptions>(ApiConfigLoader.Section);
    }

    private ConfigFile Load(string yaml) =>
        ConfigFileLoader.Load(new StringReader(Gateway + yaml), new ConfigContext("warden.yaml", _folder.Path), WardenConfigSections.All, "gateway");
}
