using System.Net;
using System.Net.Sockets;

namespace Warden.Gateway.Tests.Support;

/// <summary>
/// A real listening socket that never accepts and whose accept queue is full, so a new
/// connection's SYN goes unanswered and connecting hangs, as with a backend behind a dead
/// host or a full firewall queue. Everything stays on 127.0.0.1.
/// </summary>
internal sealed class SilentListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _queued = [];

    private SilentListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
    }

    public Uri Url { get; }

    /// <summary>Fills the accept queue until a connection attempt no longer completes.</summary>
    public static async Task<SilentListener> StartAsync()
    {
        var silent = new SilentListener();
        var endpoint = (IPEndPoint)silent._listener.LocalEndPoint!;
        for (var i = 0; i < 64; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await socket.ConnectAsync(endpoint, attempt.Token);
                silent._queued.Add(socket);
            }
            catch (OperationCanceledException)
            {
                // The queue is full: the kernel now drops SYNs to this port.
                socket.Dispose();
                return silent;
            }
        }

        silent.Dispose();
        throw new InvalidOperationException("the accept queue never filled; connections to a silent listener still complete");
    }

    public void Dispose()
    {
        foreach (var socket in _queued)
        {
            socket.Dispose();
        }

        _listener.Dispose();
    }
}
