namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.admin</c> section: where the admin API listens and who may call it.</summary>
internal sealed record AdminOptions
{
    /// <summary>
    /// The admin API's own addresses (<c>urls</c>), <c>http://HOST:PORT</c>, never the traffic
    /// listener's; loopback by default.
    /// </summary>
    public IReadOnlyList<string> Urls { get; init; } = [Hosting.GatewayHostOptions.DefaultAdminUrl];

    /// <summary>
    /// Host names (any port) or <c>host:port</c> pairs accepted in the Host and Origin of an admin
    /// request besides the listener's own address (<c>allowed_hosts</c>): the names clients use
    /// when the gateway sits behind a DNS name or listens on every interface.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];
}
