using Microsoft.AspNetCore.Builder;

namespace Warden.Samples.ModelServer.Tests;

/// <summary>A real Kestrel model server on 127.0.0.1 with a free port, stopped on dispose.</summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }
    public int CrashCalls { get; private set; }

    public static async Task<RunningServer> StartAsync(string weightsVersion = "v2", FaultSettings? faults = null)
    {
        RunningServer? server = null;
        var options = new ServerOptions
        {
            WeightsPath = RepoPaths.Weights(weightsVersion),
            CatalogPath = RepoPaths.Catalog,
            Urls = "http://127.0.0.1:0",
            Faults = faults ?? new FaultSettings(),
        };
        var app = ModelServerApp.Build(options, crash: () => server!.CrashCalls++);
        await app.StartAsync();
        server = new RunningServer(app, new Uri(ModelServerApp.BoundAddresses(app)[0]));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
