using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Warden.Oip.V2;

namespace Warden.Samples.ModelServer.Tests;

/// <summary>One ranker request written both ways: as the REST JSON body and as a gRPC ModelInferRequest.</summary>
internal sealed record GrpcRequests(string Id, string Query, string[] Candidates)
{
    /// <summary>The query and candidates of a REST infer body (e.g. bench-request.json).</summary>
    public static GrpcRequests FromJson(string body)
    {
        var root = JsonNode.Parse(body)!;
        var inputs = root["inputs"]!.AsArray();
        string[] Data(string name) => [.. inputs.Single(i => (string?)i!["name"] == name)!["data"]!.AsArray().Select(d => (string)d!)];
        return new GrpcRequests((string?)root["id"] ?? "", Data("query_text")[0], Data("candidate_ids"));
    }

    public string Json() => new JsonObject
    {
        ["id"] = Id,
        ["inputs"] = new JsonArray(
            Tensor("query_text", [Query]),
            Tensor("candidate_ids", Candidates)),
    }.ToJsonString();

    /// <summary>The elements in InferTensorContents.bytes_contents.</summary>
    public ModelInferRequest Contents()
    {
        var request = Empty();
        request.Inputs[0].Contents = new InferTensorContents { BytesContents = { ByteString.CopyFromUtf8(Query) } };
        request.Inputs[1].Contents = new InferTensorContents();
        request.Inputs[1].Contents.BytesContents.Add(Candidates.Select(ByteString.CopyFromUtf8));
        return request;
    }

    /// <summary>The elements in raw_input_contents: each a 4-byte little-endian length, then the UTF-8 bytes.</summary>
    public ModelInferRequest Raw()
    {
        var request = Empty();
        request.RawInputContents.Add(RawBytes([Query]));
        request.RawInputContents.Add(RawBytes(Candidates));
        return request;
    }

    public static ByteString RawBytes(IEnumerable<string> elements)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var element in elements)
        {
            var bytes = Encoding.UTF8.GetBytes(element);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return ByteString.CopyFrom(buffer.ToArray());
    }

    private ModelInferRequest Empty()
    {
        var request = new ModelInferRequest { ModelName = "ranker", Id = Id };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "query_text", Datatype = "BYTES", Shape = { 1 } });
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor { Name = "candidate_ids", Datatype = "BYTES", Shape = { Candidates.Length } });
        return request;
    }

    private static JsonObject Tensor(string name, string[] data) => new()
    {
        ["name"] = name,
        ["shape"] = new JsonArray(data.Length),
        ["datatype"] = "BYTES",
        ["data"] = new JsonArray([.. data.Select(d => JsonValue.Create(d))]),
    };
}
