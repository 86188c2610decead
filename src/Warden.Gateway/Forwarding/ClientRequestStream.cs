using Microsoft.AspNetCore.Http;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The client's request body as either forwarder reads it (YARP's directly, the hand-written one
/// through <see cref="StreamingRequestContent"/>): counts the bytes, stops at <c>max_body_bytes</c>
/// (which also catches a chunked body that announced no length), and marks whatever reading the
/// client throws as the client's failure, so the classifier never takes a client reset for a
/// backend's. A read cancelled while the client is still there is the request timeout, which the
/// exchange's token carries into every read.
/// </summary>
internal sealed class ClientRequestStream(Stream inner, HttpContext context, long limit) : Stream
{
    /// <summary>Bytes read from the client so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ClientSideException(ClientSideException.KindOf(ex, context.RequestAborted.IsCancellationRequested, cancellationToken.IsCancellationRequested), ex);
        }

        BytesRead += read;
        if (BytesRead > limit)
        {
            throw new BodyTooLargeException(limit);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The request body is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
