using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Warden.Oip.V2;

namespace Warden.Gateway.Tests.Support;

/// <summary>
/// A gRPC Open Inference Protocol backend on a real Kestrel HTTP/2 (h2c) listener, written at the
/// wire level (frames, trailers) so the tests see exactly what crosses the gateway: ModelInfer
/// answers the given scores as FP32 contents, ServerReady answers ready, anything else UNIMPLEMENTED.
/// </summary>
internal static class GrpcTestBackend
{
    /// <summary>The OIP v2 gRPC method a client calls, with hand-written marshallers (no generated client stubs here).</summary>
    public static readonly Method<ModelInferRequest, ModelInferResponse> ModelInfer = new(
        MethodType.Unary,
        "inference.GRPCInferenceService",
        "ModelInfer",
        Marshallers.Create(m => m.ToByteArray(), ModelInferRequest.Parser.ParseFrom),
        Marshallers.Create(m => m.ToByteArray(), ModelInferResponse.Parser.ParseFrom));

    /// <summary>Starts a backend answering <paramref name="scores"/>, or the gRPC status <paramref name="failWith"/> when not 0.</summary>
    public static Task<TestBackend> StartAsync(string version, float[] scores, int failWith = 0, Action<HttpRequest>? seen = null) =>
        TestBackend.StartAsync(context => AnswerAsync(context, version, scores, failWith, seen), http2: true);

    /// <summary>A ModelInfer request for <paramref name="items"/>, as a ranking client sends it.</summary>
    public static ModelInferRequest Request(string id, params string[] items)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "items", Datatype = "BYTES", Contents = new InferTensorContents() };
        input.Shape.Add(items.Length);
        foreach (var item in items)
        {
            input.Contents.BytesContents.Add(ByteString.CopyFromUtf8(item));
        }

        var request = new ModelInferRequest { ModelName = "ranker", Id = id };
        request.Inputs.Add(input);
        return request;
    }

    private static async Task AnswerAsync(HttpContext context, string version, float[] scores, int failWith, Action<HttpRequest>? seen)
    {
        seen?.Invoke(context.Request);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["X-Backend-Version"] = version;
        var path = context.Request.Path.Value;
        if (path == "/inference.GRPCInferenceService/ServerReady")
        {
            await WriteFrameAsync(context, new ServerReadyResponse { Ready = true });
            context.Response.AppendTrailer("grpc-status", "0");
            return;
        }

        if (path != "/inference.GRPCInferenceService/ModelInfer")
        {
            context.Response.AppendTrailer("grpc-status", "12");
            return;
        }

        if (failWith != 0)
        {
            context.Response.AppendTrailer("grpc-status", failWith.ToString(CultureInfo.InvariantCulture));
            context.Response.AppendTrailer("grpc-message", "injected");
            return;
        }

        var bytes = body.ToArray();
        var request = ModelInferRequest.Parser.ParseFrom(bytes.AsSpan(5));
        var output = new ModelInferResponse.Types.InferOutputTensor { Name = "scores", Datatype = "FP32", Contents = new InferTensorContents() };
        output.Shape.Add(scores.Length);
        output.Contents.Fp32Contents.Add(scores);
        var response = new ModelInferResponse { ModelName = request.ModelName, ModelVersion = version, Id = request.Id };
        response.Outputs.Add(output);
        await WriteFrameAsync(context, response);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static async Task WriteFrameAsync(HttpContext context, IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        await context.Response.Body.WriteAsync(frame);
    }
}
