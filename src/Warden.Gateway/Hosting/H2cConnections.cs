using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Warden.Gateway.Hosting;

/// <summary>
/// HTTP/1.1 and h2c (HTTP/2 in clear text, with prior knowledge, as gRPC clients speak it) on one
/// cleartext traffic listener. Kestrel 10 cannot do this itself: on an endpoint without TLS that
/// allows both, it picks HTTP/1.1 for every connection and answers an HTTP/2 preface with
/// HTTP_1_1_REQUIRED (docs/gateway.md, "Protocols"; dotnet/aspnetcore#56984). So the traffic listener
/// reads the first bytes of each connection, without consuming them, and hands a connection that
/// starts with the HTTP/2 preface to the pipeline Kestrel builds for an HTTP/2-only endpoint, bound
/// in process (<see cref="H2cEndPoint"/>); every other connection goes on as HTTP/1.1. Both are
/// Kestrel's own connection handling, with the connection's real addresses.
/// </summary>
internal sealed class H2cConnections(KestrelServerOptions kestrel, TimeProvider time)
{
    // Set once, when Kestrel binds the in-process endpoint; read by every cleartext connection after.
    private volatile ConnectionDelegate? _http2;

    /// <summary>
    /// Adds the in-process HTTP/2-only endpoint, whose pipeline h2c connections are handed to. Call it
    /// before adding the traffic listeners: Kestrel binds endpoints in order, so the pipeline exists
    /// before the first connection arrives.
    /// </summary>
    public void AddEndpoint() => kestrel.Listen(new H2cEndPoint(), options =>
    {
        options.Protocols = HttpProtocols.Http2;

        // Not a middleware: it keeps the rest of the pipeline (Kestrel's HTTP/2 connection handling).
        options.Use(next => _http2 = next);
    });

    /// <summary>The connection middleware of a cleartext traffic listener: h2c to HTTP/2, everything else to <paramref name="http1"/>.</summary>
    public ConnectionDelegate Route(ConnectionDelegate http1) => connection => RouteAsync(connection, http1);

    private async Task RouteAsync(ConnectionContext connection, ConnectionDelegate http1)
    {
        // The same bounds Kestrel puts on a new connection: the keep-alive timeout until its first
        // byte, the request-headers timeout once it has started; a stopping server closes it at once.
        using var timeout = new CancellationTokenSource(kestrel.Limits.KeepAliveTimeout, time);
        var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stopping, connection.ConnectionClosed);
        var input = connection.Transport.Input;
        var started = false;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Idle too long, closed by the client or the server is stopping: end the connection, as Kestrel would.
                return;
            }

            var received = result.Buffer;
            var match = Http2Preface.Match(received);
            if (match == PrefaceMatch.NeedMore && !result.IsCompleted && !result.IsCanceled)
            {
                // Nothing consumed, everything examined: the next read waits for more bytes.
                input.AdvanceTo(received.Start, received.End);
                if (!started && !received.IsEmpty)
                {
                    started = true;
                    timeout.CancelAfter(kestrel.Limits.RequestHeadersTimeout);
                }

                continue;
            }

            // Nothing consumed or examined: Kestrel reads the same bytes from the start.
            input.AdvanceTo(received.Start);
            var next = match == PrefaceMatch.Http2 && _http2 is { } http2 ? http2 : http1;
            await next(connection).ConfigureAwait(false);
            return;
        }
    }
}
