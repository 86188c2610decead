using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Warden.Oip.V2;

namespace Warden.Samples.ModelServer.Oip;

/// <summary>
/// Maps the input tensors of a gRPC <see cref="ModelInferRequest"/> to the
/// <see cref="InferInputTensor"/>s the REST endpoint reads from JSON: same name, datatype and
/// shape, and the elements as strings (BYTES decoded as UTF-8, numbers written in invariant
/// culture). The elements come from the typed contents field of the tensor's datatype or, when
/// the request uses them, from raw_input_contents. What cannot be mapped is reported naming the
/// field; what maps but is wrong for the ranker (a datatype other than BYTES, a shape that does
/// not match) is left to <see cref="RankerInference"/>, which words it as it does for REST.
/// </summary>
internal static class TensorReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static List<InferInputTensor> Read(ModelInferRequest request, List<string> errors)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            errors.Add($"raw_input_contents: has {raw.Count} entries for {request.Inputs.Count} inputs; send one entry per input, in the order of inputs");
        }
        var tensors = new List<InferInputTensor>(request.Inputs.Count);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var label = $"inputs[{i}] ({input.Name})";
            string[]? data = null;
            if (raw.Count == 0)
            {
                data = FromContents(input, label, errors);
            }
            else if (input.Contents is not null)
            {
                errors.Add($"{label}.contents: set while the request uses raw_input_contents; send every input's elements in one of the two, not both");
            }
            else if (i < raw.Count)
            {
                data = FromRaw(input.Datatype, raw[i], $"raw_input_contents[{i}] ({input.Name})", errors);
            }
            tensors.Add(new InferInputTensor
            {
                Name = input.Name,
                Datatype = input.Datatype,
                Shape = input.Shape.Count == 0 ? null : [.. input.Shape],
                Data = data,
            });
        }
        return tensors;
    }

    private static string[]? FromContents(ModelInferRequest.Types.InferInputTensor input, string label, List<string> errors)
    {
        var c = input.Contents;
        if (c is null)
        {
            return null;
        }
        var filled = new List<(string Field, string[] Data)>(1);
        if (c.BytesContents.Count > 0)
        {
            filled.Add(("bytes_contents", Utf8(c.BytesContents, $"{label}.contents.bytes_contents", errors)));
        }
        if (c.BoolContents.Count > 0)
        {
            filled.Add(("bool_contents", [.. c.BoolContents.Select(b => b ? "true" : "false")]));
        }
        AddNumbers(filled, "int_contents", c.IntContents);
        AddNumbers(filled, "int64_contents", c.Int64Contents);
        AddNumbers(filled, "uint_contents", c.UintContents);
        AddNumbers(filled, "uint64_contents", c.Uint64Contents);
        AddNumbers(filled, "fp32_contents", c.Fp32Contents);
        AddNumbers(filled, "fp64_contents", c.Fp64Contents);
        if (filled.Count == 0)
        {
            return null;
        }
        if (filled.Count > 1)
        {
            errors.Add($"{label}.contents: fills {string.Join(" and ", filled.Select(f => f.Field))}; fill only the field of the datatype ({ContentsField(input.Datatype) ?? "see the protocol"})");
            return null;
        }
        var (field, data) = filled[0];
        if (ContentsField(input.Datatype) is { } expected && expected != field)
        {
            errors.Add($"{label}.contents: datatype is '{input.Datatype}' but {field} is filled; put {input.Datatype} elements in {expected}");
            return null;
        }
        return data;
    }

    /// <summary>The typed contents field of a datatype, or null when it has none (FP16, BF16: raw only; unknown names).</summary>
    private static string? ContentsField(string datatype) => datatype switch
    {
        "BOOL" => "bool_contents",
        "INT8" or "INT16" or "INT32" => "int_contents",
        "INT64" => "int64_contents",
        "UINT8" or "UINT16" or "UINT32" => "uint_contents",
        "UINT64" => "uint64_contents",
        "FP32" => "fp32_contents",
        "FP64" => "fp64_contents",
        "BYTES" => "bytes_contents",
        _ => null,
    };

    private static void AddNumbers<T>(List<(string, string[])> filled, string field, RepeatedField<T> values)
        where T : IFormattable
    {
        if (values.Count > 0)
        {
            filled.Add((field, [.. values.Select(v => v.ToString(null, CultureInfo.InvariantCulture))]));
        }
    }

    private static string[] Utf8(RepeatedField<ByteString> values, string where, List<string> errors)
    {
        var data = new string[values.Count];
        for (var k = 0; k < data.Length; k++)
        {
            data[k] = Utf8(values[k].Span, $"{where}[{k}]", errors);
        }
        return data;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes, string where, List<string> errors)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            errors.Add($"{where}: is not valid UTF-8; send BYTES elements as UTF-8 text");
            return string.Empty;
        }
    }

    /// <summary>
    /// Decodes one raw_input_contents entry: little-endian, row-major, no padding; a BYTES element
    /// is a 4-byte little-endian length followed by that many bytes.
    /// </summary>
    private static string[]? FromRaw(string datatype, ByteString raw, string where, List<string> errors)
    {
        var bytes = raw.Span;
        if (datatype == "BYTES")
        {
            var data = new List<string>();
            while (bytes.Length > 0)
            {
                if (bytes.Length < 4)
                {
                    errors.Add($"{where}: element {data.Count} has {bytes.Length} bytes left for its 4-byte length; encode each BYTES element as a 4-byte little-endian length followed by its bytes");
                    return null;
                }
                var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                if (length > bytes.Length - 4)
                {
                    errors.Add($"{where}: element {data.Count} says {length} bytes but {bytes.Length - 4} remain; encode each BYTES element as a 4-byte little-endian length followed by its bytes");
                    return null;
                }
                data.Add(Utf8(bytes.Slice(4, (int)length), $"{where} element {data.Count}", errors));
                bytes = bytes[(4 + (int)length)..];
            }
            return [.. data];
        }
        var size = ElementSize(datatype);
        if (size == 0)
        {
            errors.Add($"{where}: datatype '{datatype}' is not an OIP v2 datatype; use BOOL, INT8…INT64, UINT8…UINT64, FP16, BF16, FP32, FP64 or BYTES");
            return null;
        }
        if (bytes.Length % size != 0)
        {
            errors.Add($"{where}: has {bytes.Length} bytes, not a whole number of {size}-byte {datatype} elements");
            return null;
        }
        var values = new string[bytes.Length / size];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = Element(datatype, bytes.Slice(k * size, size));
        }
        return values;
    }

    private static int ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "INT8" or "UINT8" => 1,
        "INT16" or "UINT16" or "FP16" or "BF16" => 2,
        "INT32" or "UINT32" or "FP32" => 4,
        "INT64" or "UINT64" or "FP64" => 8,
        _ => 0,
    };

    private static string Element(string datatype, ReadOnlySpan<byte> b) => datatype switch
    {
        "BOOL" => b[0] != 0 ? "true" : "false",
        "INT8" => ((sbyte)b[0]).ToString(CultureInfo.InvariantCulture),
        "UINT8" => b[0].ToString(CultureInfo.InvariantCulture),
        "INT16" => BinaryPrimitives.ReadInt16LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "UINT16" => BinaryPrimitives.ReadUInt16LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "FP16" => BinaryPrimitives.ReadHalfLittleEndian(b).ToString(CultureInfo.InvariantCulture),
        // bfloat16 is the upper half of an FP32.
        "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16).ToString(CultureInfo.InvariantCulture),
        "INT32" => BinaryPrimitives.ReadInt32LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "UINT32" => BinaryPrimitives.ReadUInt32LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "FP32" => BinaryPrimitives.ReadSingleLittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "INT64" => BinaryPrimitives.ReadInt64LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        "UINT64" => BinaryPrimitives.ReadUInt64LittleEndian(b).ToString(CultureInfo.InvariantCulture),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(b).ToString(CultureInfo.InvariantCulture),
    };
}
