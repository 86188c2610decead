using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Warden.Gateway.Admin;
using Warden.Gateway.Configuration;
using Warden.Gateway.Forwarding;
using Warden.Gateway.Health;
using Warden.Gateway.Routing;
using Warden.Gateway.Shadow;
using Warden.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Warden.Gateway.Hosting;

/// <summary>
/// The gateway as one object: Kestrel on the traffic addresses (the proxy for <c>/{service}/...</c>,
/// <c>/healthz</c>, <c>/readyz</c> and the owner's endpoints such as <c>/metrics</c>) and on the admin
/// addresses (everything under <c>/admin</c>, and nothing else), and the active health probe.
/// <c>warden serve</c> runs one; tests run many.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private readonly ActiveHealthProbe? _probe;
    private readonly ILogger _logger;
    private readonly GatewayListeners _listeners;
    private readonly IRouteChangeGate _gate;
    private int _stopped;
    private bool _started;

    private GatewayHost(WebApplication app, HttpMessageInvoker invoker, ActiveHealthProbe? probe, ILogger logger, GatewayListeners listeners,
        IRouteChangeGate gate, RouteTableHolder routes, RouteUpdater updater, BackendCatalog backends, ShadowMirror mirror)
    {
        _listeners = listeners;
        _gate = gate;
        _app = app;
        _invoker = invoker;
        _probe = probe;
        _logger = logger;
        Routes = routes;
        Updater = updater;
        Backends = backends;
        Mirror = mirror;
    }

    /// <summary>The route table in force; read it, or change it through <see cref="Updater"/>.</summary>
    public RouteTableHolder Routes { get; }

    /// <summary>Validated route changes (what the admin endpoint and the rollout controller call).</summary>
    public RouteUpdater Updater { get; }

    /// <summary>Every configured backend with its health.</summary>
    public BackendCatalog Backends { get; }

    /// <summary>The shadow mirror (its in-flight count is useful to tests and metrics).</summary>
    public ShadowMirror Mirror { get; }

    /// <summary>The host's services (telemetry recorder, shadow comparisons) for the composition root.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The traffic addresses Kestrel is bound to, with real port numbers; valid after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> Addresses => _listeners.Traffic;

    /// <summary>The admin API's addresses, with real port numbers; valid after <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<string> AdminAddresses => _listeners.Admin;

    /// <summary>Builds the host; nothing listens until <see cref="StartAsync"/>.</summary>
    public static GatewayHost Create(GatewayHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gateway = options.Gateway;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "warden" });
        GatewayListeners.CheckTrafficSchemes(options.Urls, options.TrafficCertificate is not null);
        var listeners = new GatewayListeners();
        var adminUrls = options.AdminUrls ?? gateway.Admin.Urls;
        var cleartext = options.TrafficCertificate is null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The proxy counts body bytes against gateway.max_body_bytes itself, so the answer
            // is its own 413 with a reason; the admin endpoint bounds its body separately.
            kestrel.Limits.MaxRequestBodySize = null;
            var h2c = new H2cConnections(kestrel, options.Time);
            if (cleartext)
            {
                h2c.AddEndpoint();
            }

            listeners.ListenTraffic(kestrel, options.Urls, options.TrafficCertificate, h2c);
            listeners.ListenAdmin(kestrel, adminUrls, options.AdminCertificate);
        });
        if (cleartext)
        {
            // Binds the in-process endpoint h2c connections are handed to (H2cConnections); the socket
            // transport UseKestrelCore registered keeps every IP address.
            builder.Services.AddSingleton<IConnectionListenerFactory, H2cListenerFactory>();
        }

        if (options.TrafficCertificate is not null || options.AdminCertificate is not null)
        {
            // UseKestrelCore leaves TLS out (a smaller, faster start); a listener with a certificate needs it back.
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.Services.AddRoutingCore();

        // YARP's forwarder sends every request with gateway.forwarder: yarp, and WebSocket and other
        // upgrade requests with either forwarder (docs/gateway.md, "The forwarder").
        builder.Services.AddHttpForwarder();

        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        var routes = new RouteTableHolder(gateway.Services.Select(s => s.Route));
        builder.Services.AddSingleton<IRouteTableSource>(routes);
        builder.Services.AddSingleton(gateway);
        builder.Services.AddSingleton(options.Time);
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var observer = app.Services.GetService<IGatewayObserver>() is { } registered
            ? new FanOutObserver(options.Observer, registered)
            : options.Observer;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Warden.Gateway");
        var invoker = BackendInvokerFactory.Create(gateway.Timeouts);
        var catalog = new BackendCatalog(gateway.Services, gateway.Health.FailuresToMarkDown);
        var health = new HealthReporter(observer, logger);
        var mirror = new ShadowMirror(invoker, health, observer, gateway.Shadow, options.Time, logger, app.Lifetime.ApplicationStopping);
        var updater = new RouteUpdater(routes, catalog, options.RouteChanges, observer, logger);
        var proxy = new GatewayProxy(routes, catalog, invoker, health, mirror, observer, gateway, options.Time, logger, app.Services.GetRequiredService<IHttpForwarder>());
        var probe = options.ActiveHealthChecks
            ? new ActiveHealthProbe(catalog, health, invoker, gateway.Health, ProbeTimeout(gateway), options.Time, logger)
            : null;

        // The admin API (routes, telemetry) takes no request that names another host or comes
        // from a web page of another origin: the DNS-rebinding and cross-site paths to it.
        var guard = new AdminRequestGuard(adminUrls, gateway.Admin.AllowedHosts, () => listeners.Admin);
        app.Use(next => context =>
        {
            // /admin (routes, telemetry) and /api (the REST API, docs/api.md) live on the admin listener only.
            var adminPath = context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
            if (!GatewayListeners.IsAdmin(context))
            {
                // Service requests skip endpoint routing altogether: only a reserved first segment
                // (healthz, readyz, metrics) can name one of the gateway's own endpoints, and
                // /admin is never served where user traffic arrives.
                return adminPath ? AdminEndpoints.NotOnThisListenerAsync(context)
                    : GatewayProxy.IsReservedPath(context.Request.Path.Value) ? next(context)
                    : proxy.InvokeAsync(context);
            }

            // Pages the host maps on the admin listener (the dashboard) pass the same checks as the API.
            adminPath = adminPath || options.AdminPages?.Invoke(context.Request.Path) == true;
            return !adminPath ? AdminEndpoints.AdminOnlyAsync(context)
                : guard.Refusal(context.Request) is { } refusal ? AdminEndpoints.RefuseAsync(context, refusal, observer)
                : next(context);
        });
        app.UseRouting();

        // A reserved path no endpoint claimed gets the proxy's 404.
        app.Use(next => context => context.GetEndpoint() is null ? proxy.InvokeAsync(context) : next(context));
        HealthEndpoints.Map(app, routes, catalog);
        AdminEndpoints.Map(app, routes, catalog, updater);
        options.MapEndpoints?.Invoke(app);
        return new GatewayHost(app, invoker, probe, logger, listeners, options.RouteChanges, routes, updater, catalog, mirror);
    }

    /// <summary>
    /// How long one probe may take: an interval, but at least a second (a busy backend is not
    /// a dead one) and never longer than a request may take.
    /// </summary>
    public static TimeSpan ProbeTimeout(GatewayOptions gateway) =>
        TimeSpan.FromMilliseconds(Math.Min(gateway.Timeouts.RequestMs, Math.Max(gateway.Health.IntervalMs, 1000)));

    /// <summary>Records the starting route table with the route-change gate, binds the listeners and starts the health probe.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.RecordStartAsync(Routes.Current, cancellationToken).ConfigureAwait(false);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        if (_probe is not null)
        {
            await _probe.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        GatewayLog.Listening(_logger, string.Join(", ", Addresses), Backends.ServiceList);
        GatewayLog.AdminListening(_logger, string.Join(", ", AdminAddresses));
    }

    /// <summary>Stops accepting, lets requests in flight finish (up to the shutdown timeout), stops the probe.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // A gateway that never started (its address was taken) has nothing to announce.
        if (_started)
        {
            GatewayLog.Stopping(_logger);
        }

        if (_probe is not null)
        {
            await _probe.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _probe?.Dispose();
            await _app.DisposeAsync().ConfigureAwait(false);
            _invoker.Dispose();
        }
    }
}
