using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Warden.Gateway.Shadow;
using Warden.Oip.V2;

namespace Warden.Gateway.Tests.Shadow;

public sealed class GrpcInferScoresTests
{
    // Every value is exact in its datatype, so the protobuf field holds it unchanged and the JSON
    // text of the same answer parses back to the same double.
    public static TheoryData<string, double[]> TypedContents => new()
    {
        { "FP32", [0.875, -0.25, 3.5, 1024.0625, 0] },
        { "FP64", [0.1, -1e-300, 12345.678901234, double.MaxValue] },
        { "INT8", [-128, 0, 127] },
        { "INT16", [-32768, 32767] },
        { "INT32", [int.MinValue, -1, int.MaxValue] },
        { "INT64", [-9007199254740992, 9007199254740992] },
        { "UINT8", [0, 255] },
        { "UINT16", [65535] },
        { "UINT32", [uint.MaxValue] },
        { "UINT64", [0, 9223372036854775808] },
        { "FP32", [] },
    };

    [Theory]
    [MemberData(nameof(TypedContents))]
    public void TryRead_TypedContents_SameNumbersAsOipScoresOnJson(string datatype, double[] values)
    {
        var response = Response(Output(datatype, Contents(datatype, values)));

        var grpc = GrpcInferScores.TryRead(Frame(response));
        var json = OipScores.TryRead(Encoding.UTF8.GetBytes(Json(datatype, values)));

        Assert.Equal(values, grpc);
        Assert.Equal(json, grpc);
    }

    [Fact]
    public void TryRead_ModelServerScores_Fp32WidenedExactly()
    {
        // The reference model server's answer (samples/ModelServer/README.md). The comparison gets
        // each float widened exactly, not its shortest decimal text: the expected doubles are
        // Python's struct.unpack("<f", struct.pack("<f", 0.22834203))[0] and so on.
        float[] scores = [0.22834203f, 0.009166865f, -0.40555802f];
        var contents = new InferTensorContents();
        contents.Fp32Contents.Add(scores);
        var output = Output("FP32", contents);
        output.Shape.Add(scores.Length);

        var read = GrpcInferScores.TryRead(Frame(Response(output)));

        Assert.Equal(new[] { 0.22834202647209167, 0.009166864678263664, -0.4055580198764801 }, read);
        Assert.Equal(scores, read!.Select(v => (float)v));
    }

    [Fact]
    public void TryRead_RawFp32_BytesWrittenWithBinaryPrimitives()
    {
        float[] scores = [0.22834203f, 0.009166865f, -0.40555802f, float.Epsilon, -0f];
        var raw = new byte[scores.Length * sizeof(float)];
        for (var i = 0; i < scores.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), scores[i]);
        }

        var read = GrpcInferScores.TryRead(Frame(RawResponse("FP32", raw)));

        double[] widened = [.. scores.Select(s => (double)s)];
        Assert.Equal(widened, read);
        Assert.Equal(widened, OipScores.TryRead(Encoding.UTF8.GetBytes(Json("FP32", widened))));
    }

    [Theory]
    [InlineData("FP32", new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, new[] { 1.0, -2.0 })]
    [InlineData("FP64", new byte[] { 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0xD0, 0xBF }, new[] { 1.0, -0.25 })]
    [InlineData("FP16", new byte[] { 0x00, 0x3C, 0x00, 0xB8, 0xFF, 0x7B }, new[] { 1.0, -0.5, 65504.0 })]
    [InlineData("BF16", new byte[] { 0x80, 0x3F, 0x00, 0xC0, 0x80, 0x3E }, new[] { 1.0, -2.0, 0.25 })]
    [InlineData("INT8", new byte[] { 0xFF, 0x80, 0x7F }, new[] { -1.0, -128, 127 })]
    [InlineData("UINT8", new byte[] { 0xFF, 0x00 }, new[] { 255.0, 0 })]
    [InlineData("INT16", new byte[] { 0x00, 0x80, 0x01, 0x00 }, new[] { -32768.0, 1 })]
    [InlineData("UINT16", new byte[] { 0x00, 0x80 }, new[] { 32768.0 })]
    [InlineData("INT32", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02, 0x00, 0x00 }, new[] { -1.0, 513 })]
    [InlineData("UINT32", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, new[] { 4294967295.0 })]
    [InlineData("INT64", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, new[] { -1.0 })]
    [InlineData("UINT64", new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }, new[] { 9223372036854775808.0 })]
    [InlineData("FP32", new byte[0], new double[0])]
    public void TryRead_RawOutputContents_LittleEndianByDatatype(string datatype, byte[] raw, double[] expected)
    {
        Assert.Equal(expected, GrpcInferScores.TryRead(Frame(RawResponse(datatype, raw))));
    }

    [Fact]
    public void TryRead_TwoOutputs_FirstOutputOnly()
    {
        var first = new InferTensorContents();
        first.Fp32Contents.Add([0.5f, 0.25f]);
        var second = new InferTensorContents();
        second.Int64Contents.Add(7);
        var typed = Response(Output("FP32", first), Output("INT64", second));
        var raw = Response(Output("INT8"), Output("FP32"));
        raw.RawOutputContents.Add(ByteString.CopyFrom(0x05, 0xFB));
        raw.RawOutputContents.Add(ByteString.CopyFrom(0, 0, 0x80, 0x3F));

        Assert.Equal(new[] { 0.5, 0.25 }, GrpcInferScores.TryRead(Frame(typed)));
        Assert.Equal(new[] { 5.0, -5.0 }, GrpcInferScores.TryRead(Frame(raw)));
    }

    public static TheoryData<string> FrameCases => [.. Frames.Keys];

    // A readable answer, framed wrong: every row is at a boundary of the 5-byte header.
    private static readonly Dictionary<string, Func<byte[]>> Frames = new()
    {
        ["empty body"] = () => [],
        ["header cut at 4 bytes"] = () => Frame(ScoresResponse())[..4],
        ["header only, length 0: empty message, no outputs"] = () => [0, 0, 0, 0, 0],
        ["length one byte short of the body"] = () => Frame(ScoresResponse(), lengthDelta: -1),
        ["length one byte past the body"] = () => Frame(ScoresResponse(), lengthDelta: +1),
        ["body one byte short of the length"] = () => Frame(ScoresResponse())[..^1],
        ["compressed flag 1"] = () => Frame(ScoresResponse(), compressed: 1),
        ["flag 2, not a gRPC flag"] = () => Frame(ScoresResponse(), compressed: 2),
        ["one stray byte after the message"] = () => [.. Frame(ScoresResponse()), 0],
        ["two messages"] = () => [.. Frame(ScoresResponse()), .. Frame(ScoresResponse())],
        ["length above int.MaxValue"] = () => [0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0A],
        ["not protobuf: truncated varint"] = () => [0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF],
        ["not protobuf: field 5 longer than the message"] = () => [0, 0, 0, 0, 2, 0x2A, 0x10],
        ["the REST answer's JSON"] = () => Encoding.UTF8.GetBytes(Json("FP32", [0.5])),
    };

    [Theory]
    [MemberData(nameof(FrameCases))]
    public void TryRead_NotOneWholeUncompressedFrame_Null(string name)
    {
        Assert.Null(GrpcInferScores.TryRead(Frames[name]()));
    }

    [Fact]
    public void TryRead_FrameCasesControl_ScoresResponseReads()
    {
        // The rows above fail on their framing alone: the same answer framed right reads.
        Assert.Equal(new[] { 0.5, 0.25 }, GrpcInferScores.TryRead(Frame(ScoresResponse())));
    }

    public static TheoryData<string> UnreadableCases => [.. Unreadable.Keys];

    private static readonly Dictionary<string, Func<ModelInferResponse>> Unreadable = new()
    {
        ["no outputs"] = () => new ModelInferResponse { ModelName = "ranker", Id = "r1" },
        ["output without contents"] = () => Response(Output("FP32")),
        ["BYTES"] = () => Response(Output("BYTES", new InferTensorContents { BytesContents = { ByteString.CopyFromUtf8("cat") } })),
        ["BOOL, as JSON booleans are"] = () => Response(Output("BOOL", new InferTensorContents { BoolContents = { true, false } })),
        ["FP16 has no typed field"] = () => Response(Output("FP16", new InferTensorContents { Fp32Contents = { 1f } })),
        ["datatype in lower case"] = () => Response(Output("fp32", new InferTensorContents { Fp32Contents = { 1f } })),
        ["unknown datatype"] = () => Response(Output("", new InferTensorContents { Fp32Contents = { 1f } })),
        ["elements in another datatype's field"] = () => Response(Output("FP32", new InferTensorContents { Fp64Contents = { 1 } })),
        ["elements in two fields"] = () => Response(Output("FP32", new InferTensorContents { Fp32Contents = { 1f }, IntContents = { 2 } })),
        ["raw FP32 of 7 bytes"] = () => RawResponse("FP32", new byte[7]),
        ["raw FP64 of 12 bytes"] = () => RawResponse("FP64", new byte[12]),
        ["raw INT16 of 3 bytes"] = () => RawResponse("INT16", new byte[3]),
        ["raw BYTES"] = () => RawResponse("BYTES", [3, 0, 0, 0, (byte)'c', (byte)'a', (byte)'t']),
        ["raw BOOL"] = () => RawResponse("BOOL", [1, 0]),
        ["raw and contents both"] = () =>
        {
            var response = Response(Output("FP32", new InferTensorContents { Fp32Contents = { 1f } }));
            response.RawOutputContents.Add(ByteString.CopyFrom(0, 0, 0x80, 0x3F));
            return response;
        },
        ["raw entries fewer than outputs"] = () =>
        {
            var response = RawResponse("FP32", [0, 0, 0x80, 0x3F]);
            response.Outputs.Add(Output("FP32"));
            return response;
        },
    };

    [Theory]
    [MemberData(nameof(UnreadableCases))]
    public void TryRead_NoNumbersInFirstOutput_Null(string name)
    {
        Assert.Null(GrpcInferScores.TryRead(Frame(Unreadable[name]())));
    }

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("Application/gRPC", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/grpc-web+proto", false)]
    [InlineData("application/grpc-web-text", false)]
    [InlineData("application/json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsGrpc_ContentType_ProtobufGrpcOnly(string? contentType, bool expected)
    {
        Assert.Equal(expected, GrpcInferScores.IsGrpc(contentType));
    }

    /// <summary>One gRPC message frame, written byte by byte (not by a gRPC library).</summary>
    private static byte[] Frame(ModelInferResponse response, byte compressed = 0, int lengthDelta = 0)
    {
        var message = response.ToByteArray();
        var frame = new byte[5 + message.Length];
        frame[0] = compressed;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)(message.Length + lengthDelta));
        message.CopyTo(frame, 5);
        return frame;
    }

    private static ModelInferResponse ScoresResponse() =>
        Response(Output("FP32", new InferTensorContents { Fp32Contents = { 0.5f, 0.25f } }));

    private static ModelInferResponse Response(params ModelInferResponse.Types.InferOutputTensor[] outputs)
    {
        var response = new ModelInferResponse { ModelName = "ranker", ModelVersion = "v2", Id = "r1" };
        response.Outputs.Add(outputs);
        return response;
    }

    private static ModelInferResponse RawResponse(string datatype, byte[] raw)
    {
        var response = Response(Output(datatype));
        response.RawOutputContents.Add(ByteString.CopyFrom(raw));
        return response;
    }

    private static ModelInferResponse.Types.InferOutputTensor Output(string datatype, InferTensorContents? contents = null) =>
        new() { Name = "scores", Datatype = datatype, Contents = contents };

    /// <summary>The values in the typed field that the protocol gives the datatype.</summary>
    private static InferTensorContents Contents(string datatype, double[] values)
    {
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case "FP32": contents.Fp32Contents.Add(values.Select(v => (float)v)); break;
            case "FP64": contents.Fp64Contents.Add(values); break;
            case "INT8" or "INT16" or "INT32": contents.IntContents.Add(values.Select(v => (int)v)); break;
            case "INT64": contents.Int64Contents.Add(values.Select(v => (long)v)); break;
            case "UINT8" or "UINT16" or "UINT32": contents.UintContents.Add(values.Select(v => (uint)v)); break;
            case "UINT64": contents.Uint64Contents.Add(values.Select(v => (ulong)v)); break;
            default: throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "no typed field");
        }

        return contents;
    }

    /// <summary>The same answer as OIP v2 REST JSON.</summary>
    private static string Json(string datatype, double[] values) =>
        $$"""{"model_name":"ranker","model_version":"v2","id":"r1","outputs":[{"name":"scores","datatype":"{{datatype}}","shape":[{{values.Length}}],"data":[{{string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}]}]}""";
}
