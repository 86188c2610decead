using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The client's request body passed to the backend as it arrives, through one pooled buffer,
/// never held whole in memory. Counts bytes and stops at the configured limit (413), which also
/// catches a chunked body that announced no length.
/// </summary>
internal sealed class StreamingRequestContent(HttpRequest request, long limit) : HttpContent
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Bytes read from the client and sent so far.</summary>
    public long BytesSent { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await ReadClientAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                BytesSent += read;
                if (BytesSent > limit)
                {
                    throw new BodyTooLargeException(limit);
                }

                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);

                // Flushed per chunk so a body that trickles in reaches the backend as it comes.
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Whatever reading the client's body throws is the client's failure, not the backend's.
    private async ValueTask<int> ReadClientAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var aborted = request.HttpContext.RequestAborted.IsCancellationRequested;
            throw new ClientSideException(ClientSideException.KindOf(ex, aborted, cancellationToken.IsCancellationRequested), ex);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        // The client's Content-Length, when it sent one, is set on Headers by the forwarder.
        length = -1;
        return false;
    }
}
