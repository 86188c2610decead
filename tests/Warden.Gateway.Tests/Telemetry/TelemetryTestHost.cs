using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Warden.Gateway.Routing;
using Warden.Gateway.Telemetry;

namespace Warden.Gateway.Tests.Telemetry;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with the telemetry services and endpoints, as the gateway
/// host will wire them (AddGatewayTelemetry + MapTelemetryEndpoints); port 0 unless given.
/// </summary>
internal sealed class TelemetryTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public TrafficRecorder Recorder => _app.Services.GetRequiredService<TrafficRecorder>();

    public static async Task<TelemetryTestHost> StartAsync(TimeProvider time, TelemetryOptions options, IRouteTableSource? routes = null, int port = 0, string? windowLog = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<TimeProvider>(time);
        if (routes is not null)
        {
            builder.Services.AddSingleton(routes);
        }

        builder.Services.AddGatewayTelemetry(options, windowLog);
        var app = builder.Build();
        app.MapTelemetryEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TelemetryTestHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
