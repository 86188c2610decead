using System.Net;
using System.Text;
using Warden.Gateway.Configuration;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The one HTTP client every backend call goes through. SocketsHttpHandler keeps a connection
/// pool per backend address, so one invoker serves all backends.
/// </summary>
internal static class BackendInvokerFactory
{
    /// <summary>Connections per backend; bounds file descriptors while staying far above what one model server handles.</summary>
    public const int MaxConnectionsPerBackend = 1024;

    public static HttpMessageInvoker Create(TimeoutOptions timeouts)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(timeouts.ConnectMs),

            // Recycle connections now and then so a backend moved behind a DNS name is found again;
            // keep idle ones a minute so bursts reuse them.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = MaxConnectionsPerBackend,

            // A gRPC backend (protocol: http2) multiplexes calls on one connection up to its stream
            // limit (100 by default); past it, open another rather than queue.
            EnableMultipleHttp2Connections = true,

            // A proxy passes the client's trace headers through; it does not start traces of its own.
            ActivityHeadersPropagator = null,

            // Kestrel decodes a request header value as UTF-8 (and refuses invalid UTF-8 with its
            // own 400); encoding it back as UTF-8 sends the backend the bytes the client sent.
            // Without this, SocketsHttpHandler accepts only ASCII and throws before anything is
            // sent, which used to be taken for the backend closing the connection.
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
