using Warden.Core.Configuration;

namespace Warden.Gateway.Configuration;

/// <summary>
/// <c>gateway.tls</c>: the traffic listener's certificate and key, both or neither, each resolved
/// against warden.yaml's folder and checked to exist when the file is read (as <c>api.tls</c> is).
/// </summary>
internal static partial class GatewayConfigLoader
{
    private static GatewayTlsOptions? ReadTls(MappingReader tls, ConfigContext context) =>
        PemPairSection.Read(tls, context, "traffic listener", "or remove gateway.tls to serve plain HTTP") is { } pair
            ? new GatewayTlsOptions { CertificatePath = pair.Certificate, KeyPath = pair.Key }
            : null;
}
