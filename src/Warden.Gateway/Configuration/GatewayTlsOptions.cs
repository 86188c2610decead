namespace Warden.Gateway.Configuration;

/// <summary>
/// <c>gateway.tls</c>: a PEM certificate and its PEM private key, both full paths to files that existed
/// when <c>warden.yaml</c> was read. The traffic listener then speaks HTTPS only, HTTP/2 (ALPN <c>h2</c>)
/// or HTTP/1.1, and every traffic address is written <c>https://HOST:PORT</c>.
/// </summary>
internal sealed record GatewayTlsOptions
{
    /// <summary>The PEM certificate (chain) file, <c>gateway.tls.certificate</c>.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The PEM private key of the certificate, <c>gateway.tls.key</c> (unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public required string KeyPath { get; init; }
}
