using Warden.Core.Configuration;

namespace Warden.Api;

/// <summary>
/// Reads the <c>api:</c> section of <c>warden.yaml</c> into <see cref="ApiOptions"/>, with the same
/// walker and error style as the other sections. <c>api.tls.certificate</c> and <c>api.tls.key</c>
/// come together or not at all; each is resolved against the file's folder and must exist, so a
/// typo is found when the file is read, not when the listener starts.
/// </summary>
internal static class ApiConfigLoader
{
    private static readonly MappingShape SectionShape = new(["tls"]);
    private static readonly MappingShape TlsShape = new(["certificate", "key"]);

    /// <summary>The fixed mappings of the section by dotted path.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["api"] = SectionShape.Keys,
            ["api.tls"] = TlsShape.Keys,
        };

    /// <summary>The <c>api:</c> section as a reader of the one <c>warden.yaml</c> loader.</summary>
    internal static IConfigSection Section { get; } = new ApiSection();

    private const string CertificateExpected =
        "the admin listener's certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute";

    private const string KeyExpected =
        "the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute";

    private static ApiOptions Read(MappingReader api, ConfigContext context)
    {
        var tls = api.Section("tls", TlsShape);
        return new ApiOptions { Tls = tls.Written ? ReadTls(tls, context) : null };
    }

    // Both keys or neither: a certificate without its key cannot be served, and a key alone names nothing.
    private static ApiTlsOptions? ReadTls(MappingReader tls, ConfigContext context)
    {
        var certificate = ReadPath(tls, "certificate", "a PEM certificate", CertificateExpected, context);
        var key = ReadPath(tls, "key", "a PEM private key", KeyExpected, context);
        return certificate is not null && key is not null ? new ApiTlsOptions { CertificatePath = certificate, KeyPath = key } : null;
    }

    private static string? ReadPath(MappingReader tls, string key, string noun, string expected, ConfigContext context)
    {
        if (!tls.Has(key))
        {
            tls.Missing(key, $"{expected}; api.tls needs both certificate and key (or remove api.tls to serve plain HTTP on loopback)");
            return null;
        }

        return tls.Text(key, expected) is { } path
            ? ConfigFilePath.Existing(tls, path, key, context, noun, expected, $"{expected}: correct the path, or create the file")
            : null;
    }

    private sealed class ApiSection : IConfigSection
    {
        public string Name => "api";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "an api: section (see docs/api.md)";

        public object Read(MappingReader section, ConfigContext context) => ApiConfigLoader.Read(section, context);
    }
}
