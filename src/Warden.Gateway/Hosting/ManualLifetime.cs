using Microsoft.Extensions.Hosting;

namespace Warden.Gateway.Hosting;

/// <summary>
/// A host lifetime that listens to no signals. The gateway host is started and stopped by its
/// owner: <c>warden serve</c> handles Ctrl-C and SIGTERM itself, and tests run many gateways in
/// one process without each one hooking the process's signals.
/// </summary>
internal sealed class ManualLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
