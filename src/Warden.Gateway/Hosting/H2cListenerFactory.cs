using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Warden.Gateway.Hosting;

/// <summary>
/// Binds <see cref="H2cEndPoint"/> (and nothing else) to a listener that never accepts a connection:
/// no socket, no file, nothing a client can reach. Kestrel asks each registered factory whether it
/// can bind an endpoint, so the socket transport keeps every IP address.
/// </summary>
internal sealed class H2cListenerFactory : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is H2cEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IConnectionListener>(new IdleListener(endpoint));

    private sealed class IdleListener(EndPoint endpoint) : IConnectionListener
    {
        private readonly TaskCompletionSource _unbound = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public EndPoint EndPoint => endpoint;

        // Kestrel's accept loop ends when this returns null: on unbind, never before.
        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            await _unbound.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _unbound.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _unbound.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
