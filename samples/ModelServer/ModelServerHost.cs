using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Warden.Samples.ModelServer;

/// <summary>
/// The inference listener and, only when <c>--admin-urls</c> is given, a separate admin listener
/// for the fault endpoints. Two Kestrel servers rather than one with two ports, so no routing
/// rule can ever expose <c>/admin/...</c> on the port the gateway forwards clients to.
/// </summary>
internal sealed class ModelServerHost : IAsyncDisposable
{
    public ModelServerHost(WebApplication inference, WebApplication? admin)
    {
        Inference = inference;
        Admin = admin;
    }

    /// <summary>The Open Inference Protocol endpoints; never the admin ones.</summary>
    public WebApplication Inference { get; }

    /// <summary>The fault endpoints (<c>/admin/faults</c>, <c>/admin/crash</c>), or null when they are off.</summary>
    public WebApplication? Admin { get; }

    /// <summary>The inference address Kestrel bound (port 0 resolved); valid after <see cref="StartAsync"/>.</summary>
    public string InferenceAddress => Bound(Inference);

    /// <summary>The admin address Kestrel bound, or null when the admin endpoints are off.</summary>
    public string? AdminAddress => Admin is null ? null : Bound(Admin);

    public async Task StartAsync()
    {
        await Inference.StartAsync().ConfigureAwait(false);
        if (Admin is not null)
        {
            await Admin.StartAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM), then stops both listeners.</summary>
    public async Task WaitForShutdownAsync()
    {
        await Inference.WaitForShutdownAsync().ConfigureAwait(false);
        if (Admin is not null)
        {
            await Admin.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Admin is not null)
        {
            await Admin.StopAsync().ConfigureAwait(false);
            await Admin.DisposeAsync().ConfigureAwait(false);
        }
        await Inference.StopAsync().ConfigureAwait(false);
        await Inference.DisposeAsync().ConfigureAwait(false);
    }

    private static string Bound(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}
