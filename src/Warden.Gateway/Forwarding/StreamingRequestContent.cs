using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The client's request body passed to the backend as it arrives, through one pooled buffer,
/// never held whole in memory; counted, bounded by the configured limit (413) and blamed on the
/// client when reading it fails, by <see cref="ClientRequestStream"/>.
/// </summary>
internal sealed class StreamingRequestContent(HttpRequest request, long limit) : HttpContent
{
    private const int BufferSize = 16 * 1024;

    private readonly ClientRequestStream _body = new(request.Body, request.HttpContext, limit);

    /// <summary>Bytes read from the client and sent so far.</summary>
    public long BytesSent => _body.BytesRead;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
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

    protected override bool TryComputeLength(out long length)
    {
        // The client's Content-Length, when it sent one, is set on Headers by the forwarder.
        length = -1;
        return false;
    }
}
