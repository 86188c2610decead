namespace Warden.Samples.ModelServer.Tests;

/// <summary>
/// A real Kestrel model server on 127.0.0.1 with a free port (and, when asked, its admin listener
/// and its gRPC listener on free ports of their own), stopped on dispose.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly ModelServerHost _host;

    private RunningServer(ModelServerHost host)
    {
        _host = host;
        Client = new HttpClient { BaseAddress = new Uri(host.InferenceAddress), Timeout = TimeSpan.FromSeconds(10) };
        Admin = host.AdminAddress is { } admin ? new HttpClient { BaseAddress = new Uri(admin), Timeout = TimeSpan.FromSeconds(10) } : null;
        GrpcAddress = host.GrpcAddress is { } grpc ? new Uri(grpc) : null;
    }

    /// <summary>Client of the inference listener.</summary>
    public HttpClient Client { get; }

    /// <summary>Client of the admin listener; null unless started with <c>admin: true</c>.</summary>
    public HttpClient? Admin { get; }

    /// <summary>Address of the gRPC listener; null unless started with <c>grpc: true</c>.</summary>
    public Uri? GrpcAddress { get; }

    public int CrashCalls { get; private set; }

    public static async Task<RunningServer> StartAsync(string weightsVersion = "v2", FaultSettings? faults = null, bool admin = false, bool grpc = false)
    {
        RunningServer? server = null;
        var options = new ServerOptions
        {
            WeightsPath = RepoPaths.Weights(weightsVersion),
            CatalogPath = RepoPaths.Catalog,
            Urls = "http://127.0.0.1:0",
            AdminUrls = admin ? "http://127.0.0.1:0" : null,
            GrpcUrls = grpc ? "http://127.0.0.1:0" : null,
            Faults = faults ?? new FaultSettings(),
        };
        var host = ModelServerApp.Build(options, crash: () => server!.CrashCalls++);
        await host.StartAsync();
        server = new RunningServer(host);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin?.Dispose();
        await _host.DisposeAsync();
    }
}
