using System.Security.Cryptography;

namespace Warden.Core.Evidence;

/// <summary>
/// A read-only pass-through stream that hashes every byte read through it, so a reader computes
/// the evidence id in the same single pass that parses the data (no second read of a large file).
/// </summary>
public sealed class HashingStream : Stream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Wraps <paramref name="inner"/>; the caller keeps ownership of it.</summary>
    public HashingStream(Stream inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Reads what is left of the inner stream (so the id covers the whole file even when the
    /// parser stopped early) and returns the evidence id of all bytes.
    /// </summary>
    public EvidenceId Finish()
    {
        var buffer = new byte[81920];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
        }

        return EvidenceId.FromSha256(_hash.GetHashAndReset());
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        if (n > 0)
        {
            _hash.AppendData(buffer[..n]);
            BytesRead += n;
        }

        return n;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _inner.Length;

    /// <inheritdoc />
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException("A hashing stream is read front to back once.");
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A hashing stream is read front to back once.");

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException("A hashing stream is read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A hashing stream is read-only.");

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
