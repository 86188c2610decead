using System.Buffers.Binary;
using System.Numerics;
using Google.Protobuf;
using Warden.Oip.V2;

namespace Warden.Gateway.Shadow;

/// <summary>
/// Reads the scores out of an Open Inference Protocol v2 gRPC <c>ModelInfer</c> answer, as
/// <see cref="OipScores"/> does for the REST one: the elements of the first entry of
/// <c>outputs</c>, flattened, as doubles. The same numbers come out of both forms of one answer.
/// </summary>
internal static class GrpcInferScores
{
    /// <summary>A gRPC message frame: 1-byte compressed flag, 4-byte big-endian length, then the message.</summary>
    private const int FrameHeaderLength = 5;

    /// <summary>
    /// Whether a content type is gRPC with protobuf messages (<c>application/grpc</c> or
    /// <c>application/grpc+proto</c>). gRPC-Web and <c>application/grpc+json</c> are not: their
    /// bodies are framed or encoded differently.
    /// </summary>
    public static bool IsGrpc(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/grpc", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/grpc+proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The scores, or null when the body is not one uncompressed, whole <c>ModelInferResponse</c>
    /// frame whose first output holds numbers this reader knows.
    /// </summary>
    /// <param name="body">
    /// The response body of a unary call (the trailers travel apart, in HTTP/2 trailers): exactly
    /// one length-prefixed message. A compressed frame (flag 1) is null: the gateway does not
    /// decompress mirrored answers, so a server that compresses them is not compared.
    /// </param>
    /// <remarks>
    /// Elements come from the typed field of <c>contents</c> that the output's datatype names
    /// (FP32, FP64, INT8 to INT64, UINT8 to UINT64), or, when the response carries
    /// <c>raw_output_contents</c>, from its first entry decoded little-endian (the same datatypes
    /// plus FP16 and BF16, which have no typed field). BOOL and BYTES are null, as JSON booleans and
    /// strings are for <see cref="OipScores"/>. The shape is not checked, as it is not there either.
    /// </remarks>
    public static double[]? TryRead(ReadOnlySpan<byte> body)
    {
        if (body.Length < FrameHeaderLength || body[0] != 0)
        {
            return null;
        }

        // Exactly one message: a length that disagrees with the body either way (truncated, or
        // something after it) means this is not the unary answer we think it is.
        var length = BinaryPrimitives.ReadUInt32BigEndian(body[1..FrameHeaderLength]);
        if (length != (uint)(body.Length - FrameHeaderLength))
        {
            return null;
        }

        ModelInferResponse response;
        try
        {
            response = ModelInferResponse.Parser.ParseFrom(body[FrameHeaderLength..]);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        if (response.Outputs.Count == 0)
        {
            return null;
        }

        var output = response.Outputs[0];
        if (response.RawOutputContents.Count == 0)
        {
            return output.Contents is { } contents ? FromContents(output.Datatype, contents) : null;
        }

        // The protocol puts one raw entry per output and then no contents on any output; an answer
        // that does both cannot say which of the two holds the scores.
        if (response.RawOutputContents.Count != response.Outputs.Count || HasElements(output.Contents))
        {
            return null;
        }

        return FromRaw(output.Datatype, response.RawOutputContents[0].Span);
    }

    private static double[]? FromContents(string datatype, InferTensorContents contents)
    {
        var values = datatype switch
        {
            "FP32" => ToDoubles(contents.Fp32Contents),
            "FP64" => ToDoubles(contents.Fp64Contents),
            "INT8" or "INT16" or "INT32" => ToDoubles(contents.IntContents),
            "INT64" => ToDoubles(contents.Int64Contents),
            "UINT8" or "UINT16" or "UINT32" => ToDoubles(contents.UintContents),
            "UINT64" => ToDoubles(contents.Uint64Contents),
            _ => null,
        };

        // Elements in a field other than the datatype's leave it unclear what the tensor holds.
        return values is not null && ElementCount(contents) == values.Length ? values : null;
    }

    private static double[] ToDoubles<T>(IReadOnlyList<T> source) where T : INumberBase<T>
    {
        var values = new double[source.Count];
        for (var i = 0; i < values.Length; i++)
        {
            // Exact for every datatype but 64-bit integers past 2^53, which round as JSON numbers do.
            values[i] = double.CreateTruncating(source[i]);
        }

        return values;
    }

    private static bool HasElements(InferTensorContents? contents) => contents is not null && ElementCount(contents) > 0;

    private static int ElementCount(InferTensorContents contents) =>
        contents.BoolContents.Count + contents.IntContents.Count + contents.Int64Contents.Count
        + contents.UintContents.Count + contents.Uint64Contents.Count + contents.Fp32Contents.Count
        + contents.Fp64Contents.Count + contents.BytesContents.Count;

    private static double[]? FromRaw(string datatype, ReadOnlySpan<byte> raw) => datatype switch
    {
        "INT8" => Decode(raw, 1, static e => (sbyte)e[0]),
        "UINT8" => Decode(raw, 1, static e => e[0]),
        "INT16" => Decode(raw, 2, static e => BinaryPrimitives.ReadInt16LittleEndian(e)),
        "UINT16" => Decode(raw, 2, static e => BinaryPrimitives.ReadUInt16LittleEndian(e)),
        "FP16" => Decode(raw, 2, static e => (double)BinaryPrimitives.ReadHalfLittleEndian(e)),
        // BF16 is the upper half of an FP32.
        "BF16" => Decode(raw, 2, static e => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(e) << 16)),
        "INT32" => Decode(raw, 4, static e => BinaryPrimitives.ReadInt32LittleEndian(e)),
        "UINT32" => Decode(raw, 4, static e => BinaryPrimitives.ReadUInt32LittleEndian(e)),
        "FP32" => Decode(raw, 4, static e => BinaryPrimitives.ReadSingleLittleEndian(e)),
        "INT64" => Decode(raw, 8, static e => BinaryPrimitives.ReadInt64LittleEndian(e)),
        "UINT64" => Decode(raw, 8, static e => BinaryPrimitives.ReadUInt64LittleEndian(e)),
        "FP64" => Decode(raw, 8, static e => BinaryPrimitives.ReadDoubleLittleEndian(e)),
        _ => null,
    };

    /// <summary>Row-major elements of <paramref name="size"/> bytes each, no padding; a partial element is null.</summary>
    private static double[]? Decode(ReadOnlySpan<byte> raw, int size, Func<ReadOnlySpan<byte>, double> read)
    {
        if (raw.Length % size != 0)
        {
            return null;
        }

        var values = new double[raw.Length / size];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = read(raw.Slice(i * size, size));
        }

        return values;
    }
}
