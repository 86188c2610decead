namespace Warden.Api;

/// <summary>The <c>api:</c> section of <c>warden.yaml</c>: how the REST API under <c>/api/v1</c> is served.</summary>
internal sealed record ApiOptions
{
    /// <summary>The certificate and key the admin listener serves HTTPS with (<c>api.tls</c>); null serves plain HTTP.</summary>
    public ApiTlsOptions? Tls { get; init; }
}
