using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// Reads a whole request body into one array, bounded by the configured limit. Used only when a
/// shadow is set: production and shadow then send the same bytes.
/// </summary>
internal static class RequestBodyBuffer
{
    private const int ChunkSize = 16 * 1024;

    /// <summary>
    /// The body as an exactly sized array (empty for no body). Throws
    /// <see cref="BodyTooLargeException"/> past <paramref name="limit"/>.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } announced)
        {
            if (announced > limit)
            {
                throw new BodyTooLargeException(limit);
            }

            var exact = new byte[announced];
            var filled = 0;
            while (filled < exact.Length)
            {
                var read = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new BadHttpRequestException("The request body ended before its Content-Length.");
                }

                filled += read;
            }

            return exact;
        }

        // Chunked: grow a pooled buffer, then copy out exactly once.
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    throw new BodyTooLargeException(limit);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
