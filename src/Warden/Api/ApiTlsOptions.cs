namespace Warden.Api;

/// <summary>
/// <c>api.tls</c>: a PEM certificate and its PEM private key, both full paths to files that existed
/// when <c>warden.yaml</c> was read. The admin listener (which carries <c>/api/v1</c> and <c>/admin</c>)
/// then speaks HTTPS only.
/// </summary>
internal sealed record ApiTlsOptions
{
    /// <summary>The PEM certificate (chain) file, <c>api.tls.certificate</c>.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The PEM private key of the certificate, <c>api.tls.key</c> (unencrypted PKCS#8, PKCS#1 or SEC1).</summary>
    public required string KeyPath { get; init; }
}
