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

    private static ApiOptions Read(MappingReader api, ConfigContext context)
    {
        var tls = api.Section("tls", TlsShape);
        return new ApiOptions { Tls = tls.Written ? ReadTls(tls, context) : null };
    }

    private static ApiTlsOptions? ReadTls(MappingReader tls, ConfigContext context) =>
        PemPairSection.Read(tls, context, "admin listener", "or remove api.tls to serve plain HTTP on loopback") is { } pair
            ? new ApiTlsOptions { CertificatePath = pair.Certificate, KeyPath = pair.Key }
            : null;

    private sealed class ApiSection : IConfigSection
    {
        public string Name => "api";

        IReadOnlyDictionary<string, IReadOnlyList<string>> IConfigSection.KnownKeys => KnownKeys;

        public string Expected => "an api: section (see docs/api.md)";

        public object Read(MappingReader section, ConfigContext context) => ApiConfigLoader.Read(section, context);
    }
}
