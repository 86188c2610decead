using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Configuration;

/// <summary>
/// The <c>gateway:</c> section of <c>warden.yaml</c>, validated: every value within its range and
/// every service's versions known. docs/gateway.md lists each key with its default.
/// </summary>
internal sealed record GatewayOptions
{
    /// <summary>Default of <see cref="StickyHeader"/>.</summary>
    public const string DefaultStickyHeader = "X-Warden-Key";

    /// <summary>Default of <see cref="MaxBodyBytes"/>: 10 MiB.</summary>
    public const long DefaultMaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>Request header whose value keys the sticky canary split (<c>sticky_header</c>); the client address when absent.</summary>
    public string StickyHeader { get; init; } = DefaultStickyHeader;

    /// <summary>Default of <see cref="Forwarder"/>.</summary>
    public const string DefaultForwarder = "warden";

    /// <summary>The forwarders <see cref="Forwarder"/> may name.</summary>
    public static readonly IReadOnlyList<string> Forwarders = ["warden", "yarp"];

    /// <summary>
    /// Which code sends each request to its backend (<c>forwarder</c>): <c>warden</c>, the gateway's
    /// own, or <c>yarp</c>, YARP's <c>IHttpForwarder</c>. Routing, shadow, health and telemetry are the
    /// same with either (docs/gateway.md, "The forwarder").
    /// </summary>
    public string Forwarder { get; init; } = DefaultForwarder;

    /// <summary>Largest request body forwarded, in bytes (<c>max_body_bytes</c>); larger ones get 413.</summary>
    public long MaxBodyBytes { get; init; } = DefaultMaxBodyBytes;

    /// <summary>Connect and request timeouts towards backends.</summary>
    public TimeoutOptions Timeouts { get; init; } = new();

    /// <summary>Mirroring limits.</summary>
    public ShadowOptions Shadow { get; init; } = new();

    /// <summary>Active and passive backend health checks.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>Who may call the admin API.</summary>
    public AdminOptions Admin { get; init; } = new();

    /// <summary>
    /// The certificate and key the traffic listener serves HTTPS with (<c>tls</c>); null serves plain
    /// HTTP (HTTP/1.1, and HTTP/2 to clients that start with its preface: h2c with prior knowledge).
    /// </summary>
    public GatewayTlsOptions? Tls { get; init; }

    /// <summary>What the telemetry recorder keeps and writes.</summary>
    public TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>The services, in file order; at least one.</summary>
    public required IReadOnlyList<ServiceOptions> Services { get; init; }
}
