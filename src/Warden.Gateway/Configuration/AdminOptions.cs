namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.admin</c> section: who may call the admin API.</summary>
internal sealed record AdminOptions
{
    /// <summary>
    /// Host names (any port) or <c>host:port</c> pairs accepted in the Host and Origin of an admin
    /// request besides the listener's own address (<c>allowed_hosts</c>): the names clients use
    /// when the gateway sits behind a DNS name or listens on every interface.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}
