using Warden.Core.Configuration;

namespace Warden.Gateway.Configuration;

/// <summary>
/// <c>gateway.tls</c>: the traffic listener's certificate and key, both or neither, each resolved
/// against warden.yaml's folder and checked to exist when the file is read (as <c>api.tls</c> is).
/// </summary>
internal static partial class GatewayConfigLoader
{
    private const string CertificateExpected =
        "the traffic listener's certificate, a PEM file (-----BEGIN CERTIFICATE-----), relative to warden.yaml's folder or absolute";

    private const string KeyExpected =
        "the certificate's private key, an unencrypted PEM file (-----BEGIN PRIVATE KEY-----), relative to warden.yaml's folder or absolute";

    // Both keys or neither: a certificate without its key cannot be served, and a key alone names nothing.
    private static GatewayTlsOptions? ReadTls(MappingReader tls, ConfigContext context)
    {
        if (!tls.Written)
        {
            return null;
        }

        var certificate = ReadTlsPath(tls, "certificate", "a PEM certificate", CertificateExpected, context);
        var key = ReadTlsPath(tls, "key", "a PEM private key", KeyExpected, context);
        return certificate is not null && key is not null ? new GatewayTlsOptions { CertificatePath = certificate, KeyPath = key } : null;
    }

    private static string? ReadTlsPath(MappingReader tls, string key, string noun, string expected, ConfigContext context)
    {
        if (!tls.Has(key))
        {
            tls.Missing(key, $"{expected}; gateway.tls needs both certificate and key (or remove gateway.tls to serve plain HTTP)");
            return null;
        }

        return tls.Text(key, expected) is { } path
            ? ConfigFilePath.Existing(tls, path, key, context, noun, expected, $"{expected}: correct the path, or create the file")
            : null;
    }
}
