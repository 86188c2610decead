using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Warden.Gateway.Shadow;
using Warden.Oip.V2;
using Warden.Tests.Support;

namespace Warden.Tests.Rollouts;

/// <summary>
/// The reference model server's real gRPC <c>ModelInfer</c> answer, taken off the wire as bytes
/// (HTTP/2 cleartext, no gRPC library on the reading side) and read by the gateway's
/// <see cref="GrpcInferScores"/>, against its REST answer to the same request read by
/// <see cref="OipScores"/>. Here because this project has the model server child process; the
/// gateway's own tests cannot see modelserver and do not start processes.
/// </summary>
public sealed class ModelServerGrpcScoresTests
{
    private const string GrpcLine = "modelserver grpc (OIP v2 GRPCInferenceService) on ";

    private static readonly string[] Candidates = ["item-001", "item-002", "item-003"];

    [Fact]
    public async Task TryRead_ModelServerGrpcAnswer_SameScoresAsItsRestAnswer()
    {
        var dll = await ModelServerPair.ModelServerDllAsync();
        using var server = ChildProcess.Start(
            dll,
            ["--weights", RepoPaths.Sample("models", "v2.weights.json"), "--urls", "http://127.0.0.1:0", "--grpc-urls", "http://127.0.0.1:0", "--catalog", RepoPaths.Sample("ModelServer", "catalog.json")],
            RepoPaths.Root);
        var rest = ModelServerPair.Listening(await server.WaitForLineAsync(" listening on ", TimeSpan.FromSeconds(30)));
        var grpc = new Uri((await server.WaitForLineAsync(GrpcLine, TimeSpan.FromSeconds(30)))[GrpcLine.Length..]);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        using var restAnswer = await client.PostAsync(new Uri(rest, "v2/models/ranker/infer"), new StringContent(RestBody(), Encoding.UTF8, "application/json"));
        var restScores = OipScores.TryRead(await restAnswer.Content.ReadAsByteArrayAsync());
        using var call = new HttpRequestMessage(HttpMethod.Post, new Uri(grpc, "inference.GRPCInferenceService/ModelInfer"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(GrpcRequest())),
        };
        call.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        call.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        using var grpcAnswer = await client.SendAsync(call);
        var grpcScores = GrpcInferScores.TryRead(await grpcAnswer.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, restAnswer.StatusCode);
        Assert.Equal("0", grpcAnswer.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.True(GrpcInferScores.IsGrpc(grpcAnswer.Content.Headers.ContentType?.ToString()), grpcAnswer.Content.Headers.ContentType?.ToString());
        Assert.NotNull(restScores);
        Assert.NotNull(grpcScores);
        // REST writes each FP32 score as the float's shortest decimal and gRPC carries the float
        // itself, so the doubles differ below float precision; as floats they are the same.
        Assert.Equal(restScores.Select(s => (float)s), grpcScores.Select(s => (float)s));
        Assert.Equal([0.22834203f, 0.009166865f, -0.40555802f], grpcScores.Select(s => (float)s));
    }

    private static string RestBody() =>
        $$"""{"id":"r1","inputs":[{"name":"query_text","shape":[1],"datatype":"BYTES","data":["red running shoes"]},{"name":"candidate_ids","shape":[{{Candidates.Length}}],"datatype":"BYTES","data":[{{string.Join(",", Candidates.Select(c => $"\"{c}\""))}}]}]}""";

    private static ModelInferRequest GrpcRequest()
    {
        var query = new ModelInferRequest.Types.InferInputTensor { Name = "query_text", Datatype = "BYTES", Shape = { 1 }, Contents = new() };
        query.Contents.BytesContents.Add(ByteString.CopyFromUtf8("red running shoes"));
        var candidates = new ModelInferRequest.Types.InferInputTensor { Name = "candidate_ids", Datatype = "BYTES", Shape = { Candidates.Length }, Contents = new() };
        candidates.Contents.BytesContents.Add(Candidates.Select(ByteString.CopyFromUtf8));
        return new ModelInferRequest { ModelName = "ranker", Id = "r1", Inputs = { query, candidates } };
    }

    /// <summary>One uncompressed gRPC message frame: flag 0, 4-byte big-endian length, the message.</summary>
    private static byte[] Frame(ModelInferRequest request)
    {
        var message = request.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }
}
