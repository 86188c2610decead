using Warden.Gateway.Configuration;
using Warden.Gateway.Hosting;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Support;

/// <summary>
/// A real gateway (GatewayHost on Kestrel, 127.0.0.1, free ports for traffic and admin) with a
/// recording observer, an in-memory route-change gate, and a client for each listener.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(GatewayHost host, RecordingObserver observer, RecordingRouteGate gate, string url, string adminUrl)
    {
        Host = host;
        Observer = observer;
        Gate = gate;
        Url = url;
        AdminUrl = adminUrl;
        Client = NewClient(url);
        AdminClient = NewClient(adminUrl);
    }

    public GatewayHost Host { get; }

    public RecordingObserver Observer { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c> (<c>https://</c> with a traffic certificate).</summary>
    public string Url { get; }

    public HttpClient Client { get; }

    /// <summary>The admin listener, e.g. <c>http://127.0.0.1:41235</c>.</summary>
    public string AdminUrl { get; }

    /// <summary>A client of the admin listener.</summary>
    public HttpClient AdminClient { get; }

    /// <summary>The route-change gate the host was given.</summary>
    public RecordingRouteGate Gate { get; }

    /// <param name="options">The gateway's configuration.</param>
    /// <param name="activeHealth">Run the active health probes.</param>
    /// <param name="time">The gateway's clock; the system clock when null.</param>
    /// <param name="gate">The route-change gate; a new recording one when null.</param>
    /// <param name="also">A second observer told everything the recording one is (e.g. a real TrafficRecorder).</param>
    /// <param name="certificate">The traffic listener's certificate: it then listens on https:// (and <see cref="Client"/> does not trust it).</param>
    public static async Task<TestGateway> StartAsync(
        GatewayOptions options, bool activeHealth = false, TimeProvider? time = null, RecordingRouteGate? gate = null, IGatewayObserver? also = null,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var observer = new RecordingObserver();

        // test.sh runs this suite once per forwarder: WARDEN_TEST_FORWARDER=yarp for the second run.
        if (Environment.GetEnvironmentVariable("WARDEN_TEST_FORWARDER") is { Length: > 0 } forwarder)
        {
            options = options with { Forwarder = forwarder };
        }

        gate ??= new RecordingRouteGate();
        var host = GatewayHost.Create(new GatewayHostOptions
        {
            Gateway = options,
            Observer = also is null ? observer : new FanOutObserver(observer, also),
            Urls = [certificate is null ? "http://127.0.0.1:0" : "https://127.0.0.1:0"],
            TrafficCertificate = certificate,
            AdminUrls = ["http://127.0.0.1:0"],
            RouteChanges = gate,
            ActiveHealthChecks = activeHealth,
            Time = time ?? TimeProvider.System,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        });
        await host.StartAsync();
        return new TestGateway(host, observer, gate, host.Addresses[0], host.AdminAddresses[0]);
    }

    private static HttpClient NewClient(string url) => new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(url + "/"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Options with one service and the given backends; the first backend is production unless named.</summary>
    public static GatewayOptions Options(
        string service,
        IReadOnlyList<(string Version, Uri Url)> backends,
        string? production = null,
        string? shadow = null,
        string? canary = null,
        int canaryBasisPoints = 0) => new()
        {
            Services = [Service(service, backends, production, shadow, canary, canaryBasisPoints)],
        };

    public static ServiceOptions Service(
        string service,
        IReadOnlyList<(string Version, Uri Url)> backends,
        string? production = null,
        string? shadow = null,
        string? canary = null,
        int canaryBasisPoints = 0,
        Warden.Gateway.Forwarding.PathAllowList? paths = null)
    {
        var targets = backends.Select(b => new BackendTarget(b.Version, b.Url)).ToArray();
        BackendTarget Find(string v) => targets.Single(t => t.Version == v);
        return new ServiceOptions
        {
            Name = service,
            Backends = targets,

            // Forwarding tests use paths of every shape; the allow-list has tests of its own.
            Paths = paths ?? Warden.Gateway.Forwarding.PathAllowList.Everything,
            Route = new ServiceRoute
            {
                Service = service,
                Production = Find(production ?? targets[0].Version),
                Shadow = shadow is null ? null : Find(shadow),
                Canary = canary is null ? null : Find(canary),
                CanaryBasisPoints = canaryBasisPoints,
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AdminClient.Dispose();
        await Host.DisposeAsync();
    }
}
