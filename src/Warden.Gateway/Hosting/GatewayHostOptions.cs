using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warden.Gateway.Configuration;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Hosting;

/// <summary>What a <see cref="GatewayHost"/> is built from.</summary>
internal sealed record GatewayHostOptions
{
    /// <summary>The default listener: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The default listener when the traffic listener has a certificate (<c>gateway.tls</c>): the same address, HTTPS.</summary>
    public const string DefaultTlsUrl = "https://127.0.0.1:8080";

    /// <summary>The admin API's default listener: loopback only, never the traffic port.</summary>
    public const string DefaultAdminUrl = "http://127.0.0.1:8079";

    /// <summary>The validated <c>gateway:</c> section.</summary>
    public required GatewayOptions Gateway { get; init; }

    /// <summary>Receives every request outcome, shadow comparison and counted event; must be thread-safe and never block.</summary>
    public required IGatewayObserver Observer { get; init; }

    /// <summary>
    /// Addresses to listen on for traffic; port 0 picks a free port (read it back from <see cref="GatewayHost.Addresses"/>).
    /// Each is <c>http://HOST:PORT</c> without <see cref="TrafficCertificate"/> and <c>https://HOST:PORT</c> with it.
    /// </summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>
    /// The certificate (with its private key) every traffic listener serves HTTPS with, HTTP/2 negotiated
    /// by ALPN (<c>h2</c>) with HTTP/1.1 as the fallback; null serves plain HTTP/1.1 and h2c with prior knowledge.
    /// </summary>
    public X509Certificate2? TrafficCertificate { get; init; }

    /// <summary>
    /// Addresses of the admin API (everything under <c>/admin</c>); null takes <c>gateway.admin.urls</c>
    /// (default <see cref="DefaultAdminUrl"/>). Port 0 picks a free port (<see cref="GatewayHost.AdminAddresses"/>).
    /// </summary>
    public IReadOnlyList<string>? AdminUrls { get; init; }

    /// <summary>
    /// The certificate (with its private key) every admin listener serves HTTPS with; null serves
    /// plain HTTP. The admin URLs stay written <c>http://HOST:PORT</c>; the bound addresses read <c>https://</c>.
    /// </summary>
    public X509Certificate2? AdminCertificate { get; init; }

    /// <summary>
    /// Judges and records every route change before it is published, and the starting table
    /// (<c>warden serve</c>: the store-backed gate that applies the promotion rule and writes the audit event).
    /// </summary>
    public required Routing.IRouteChangeGate RouteChanges { get; init; }

    /// <summary>Clock for latencies, timestamps and the health probe's timer.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Maps extra endpoints next to <c>/healthz</c>, <c>/readyz</c> and <c>/admin</c> (the telemetry's
    /// <c>/metrics</c>, for one). Their first path segment must be a reserved name, so no service is shadowed.
    /// </summary>
    public Action<IEndpointRouteBuilder>? MapEndpoints { get; init; }

    /// <summary>
    /// Further paths the admin listener answers besides <c>/admin/...</c> and <c>/api/...</c>, through
    /// <see cref="MapEndpoints"/> and behind the same Host and Origin checks (<c>warden serve</c>: the
    /// dashboard's <c>/</c> and <c>/dashboard/...</c>). Null: none. Never consulted on the traffic listener.
    /// </summary>
    public Func<PathString, bool>? AdminPages { get; init; }

    /// <summary>Adds log providers; none by default, so an embedded gateway logs nothing.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>
    /// Registers further services (telemetry, sinks) in the host's container. The route table is
    /// registered as <see cref="Routing.IRouteTableSource"/> and the clock as <see cref="TimeProvider"/>
    /// first; an <see cref="IGatewayObserver"/> registered here receives every report too.
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Whether the active health probe runs (tests of passive health turn it off).</summary>
    public bool ActiveHealthChecks { get; init; } = true;

    /// <summary>How long a stop waits for requests in flight before cutting them.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
