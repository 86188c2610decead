using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Warden.Samples.ModelServer;

/// <summary>
/// The inference listener and, only when <c>--admin-urls</c> is given, a separate admin listener
/// for the fault endpoints; only when <c>--grpc-urls</c> is given, a third one for the gRPC
/// service. Separate Kestrel servers rather than one with several ports, so no routing rule can
/// ever expose <c>/admin/...</c> on the port the gateway forwards clients to, and the gRPC
/// listener can speak HTTP/2 only.
/// </summary>
internal sealed class ModelServerHost : IAsyncDisposable
{
    public ModelServerHost(WebApplication inference, WebApplication? admin, WebApplication? grpc = null)
    {
        Inference = inference;
        Admin = admin;
        Grpc = grpc;
    }

    /// <summary>The Open Inference Protocol endpoints; never the admin ones.</summary>
    public WebApplication Inference { get; }

    /// <summary>The fault endpoints (<c>/admin/faults</c>, <c>/admin/crash</c>), or null when they are off.</summary>
    public WebApplication? Admin { get; }

    /// <summary>The OIP v2 GRPCInferenceService (HTTP/2 cleartext), or null when it is off.</summary>
    public WebApplication? Grpc { get; }

    /// <summary>The inference address Kestrel bound (port 0 resolved); valid after <see cref="StartAsync"/>.</summary>
    public string InferenceAddress => Bound(Inference);

    /// <summary>The admin address Kestrel bound, or null when the admin endpoints are off.</summary>
    public string? AdminAddress => Admin is null ? null : Bound(Admin);

    /// <summary>The gRPC address Kestrel bound, or null when the gRPC service is off.</summary>
    public string? GrpcAddress => Grpc is null ? null : Bound(Grpc);

    private IEnumerable<WebApplication> Others => new[] { Admin, Grpc }.OfType<WebApplication>();

    public async Task StartAsync()
    {
        await Inference.StartAsync().ConfigureAwait(false);
        foreach (var app in Others)
        {
            await app.StartAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM), then stops every listener.</summary>
    public async Task WaitForShutdownAsync()
    {
        await Inference.WaitForShutdownAsync().ConfigureAwait(false);
        foreach (var app in Others)
        {
            await app.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Others)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        await Inference.StopAsync().ConfigureAwait(false);
        await Inference.DisposeAsync().ConfigureAwait(false);
    }

    private static string Bound(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
