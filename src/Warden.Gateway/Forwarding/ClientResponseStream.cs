using Microsoft.AspNetCore.Http;
using Warden.Gateway.Shadow;

namespace Warden.Gateway.Forwarding;

/// <summary>
/// The client's response body as YARP's forwarder writes it: counts the bytes, keeps a copy when a
/// shadow comparison or a compliance judgment waits for it, and marks whatever writing to the
/// client throws as the client's failure (it went away, or did not take the answer in time).
/// </summary>
internal sealed class ClientResponseStream(Stream inner, HttpContext context, CancellationToken timeout) : Stream
{
    /// <summary>Bytes written to the client so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The copy of the body, when one is kept.</summary>
    public BodyCapture? Capture { get; set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Capture?.Append(buffer.Span);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ClientSideException(ClientSideException.KindOf(ex, context.RequestAborted.IsCancellationRequested, timeout.IsCancellationRequested), ex);
        }

        BytesWritten += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ClientSideException(ClientSideException.KindOf(ex, context.RequestAborted.IsCancellationRequested, timeout.IsCancellationRequested), ex);
        }
    }

    public override void Flush() => throw new NotSupportedException("The response body is written asynchronously.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The response body is written asynchronously.");
}
