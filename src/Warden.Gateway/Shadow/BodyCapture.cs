using System.Buffers;

namespace Warden.Gateway.Shadow;

/// <summary>
/// A copy of a response body kept for the shadow comparison, in a pooled buffer that stops
/// growing at <see cref="Limit"/>: past it the copy is abandoned (status is still compared).
/// </summary>
internal sealed class BodyCapture(bool grpc = false) : IDisposable
{
    /// <summary>Largest body kept for comparison. Open Inference Protocol answers are far smaller.</summary>
    public const int Limit = 1024 * 1024;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    /// <summary>True when the body was longer than <see cref="Limit"/> and is not kept.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The body kept so far.</summary>
    public ReadOnlySpan<byte> Data => Overflowed || _buffer is null ? default : _buffer.AsSpan(0, _length);

    /// <summary>Appends <paramref name="bytes"/>, or gives up past <see cref="Limit"/>.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (Overflowed || _buffer is null)
        {
            return;
        }

        if ((long)_length + bytes.Length > Limit)
        {
            Overflowed = true;
            Release();
            return;
        }

        if (_length + bytes.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(_buffer.Length * 2, _length + bytes.Length), Limit));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>True when the body is a gRPC answer (protobuf frames) rather than JSON.</summary>
    public bool Grpc { get; } = grpc;

    /// <summary>
    /// A capture for an answer of <paramref name="contentType"/>, or null when its scores could not be
    /// read anyway: JSON (the REST Open Inference Protocol) or gRPC (its GRPCInferenceService).
    /// </summary>
    public static BodyCapture? For(string? contentType) =>
        IsJson(contentType) ? new BodyCapture() : GrpcInferScores.IsGrpc(contentType) ? new BodyCapture(grpc: true) : null;

    /// <summary>The scores of the answer kept, read as its content type says, or null.</summary>
    public double[]? Scores() => Grpc ? GrpcInferScores.TryRead(Data) : OipScores.TryRead(Data);

    /// <summary>True for a content type worth capturing: JSON (the Open Inference Protocol's).</summary>
    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    public void Dispose() => Release();

    private void Release()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
