using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Warden.Gateway.Tests.Support;

/// <summary>How a <see cref="RawBackend"/> misbehaves after reading a request's headers.</summary>
public enum RawMode
{
    /// <summary>Never answers; keeps the connection open until the peer closes it.</summary>
    Hang,

    /// <summary>Resets the connection (RST) before sending anything.</summary>
    ResetBeforeResponse,

    /// <summary>Sends headers announcing 100,000 bytes and 1,000 of them, then resets.</summary>
    ResetMidResponse,

    /// <summary>Answers with bytes that are not HTTP.</summary>
    Garbage,
}

/// <summary>
/// A backend made of a bare TcpListener, for the faults Kestrel would not produce: resets,
/// silence, garbage. Counts connections accepted and connections the gateway closed.
/// </summary>
internal sealed class RawBackend : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly RawMode _mode;
    private int _accepted;
    private int _closedByPeer;

    public RawBackend(RawMode mode)
    {
        _mode = mode;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptLoopAsync();
    }

    public Uri Url { get; }

    /// <summary>Connections accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections (of <see cref="RawMode.Hang"/>) that the gateway closed.</summary>
    public int ClosedByPeer => Volatile.Read(ref _closedByPeer);

    /// <summary>A port nothing listens on: bound, read, released.</summary>
    public static Uri RefusedUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await ReadHeadersAsync(socket);
                switch (_mode)
                {
                    case RawMode.Hang:
                        var buffer = new byte[1024];
                        while (await socket.ReceiveAsync(buffer, _stop.Token) > 0)
                        {
                        }

                        Interlocked.Increment(ref _closedByPeer);
                        return;
                    case RawMode.ResetBeforeResponse:
                        socket.LingerState = new LingerOption(true, 0);
                        return;
                    case RawMode.ResetMidResponse:
                        await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n"));
                        await socket.SendAsync(new byte[1000]);
                        await Task.Delay(50);
                        socket.LingerState = new LingerOption(true, 0);
                        return;
                    case RawMode.Garbage:
                        await socket.SendAsync(Encoding.ASCII.GetBytes("THIS IS NOT HTTP\r\n\r\n"));
                        await Task.Delay(50);
                        return;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                if (_mode == RawMode.Hang && !_stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _closedByPeer);
                }
            }
        }
    }

    private async Task ReadHeadersAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            received.AddRange(buffer.AsSpan(0, read));
            if (Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
