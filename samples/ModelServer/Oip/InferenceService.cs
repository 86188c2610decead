using Grpc.Core;
using Warden.Oip.V2;
using Model = Warden.Samples.ModelServer.ModelMetadata;

namespace Warden.Samples.ModelServer.Oip;

/// <summary>
/// The OIP v2 <c>GRPCInferenceService</c> on the <c>--grpc-urls</c> listener. It answers what
/// the REST endpoints answer, through the same <see cref="RankerInference"/> and
/// <see cref="FaultInjector"/>: one fault pattern and one infer count across both protocols.
/// Status codes: an unknown model or version is NOT_FOUND, a bad input INVALID_ARGUMENT (the
/// REST 400 message), an injected error INTERNAL "injected fault" (REST's 500; not UNAVAILABLE,
/// which gRPC clients may retry on their own and so hide the fault from the gateway).
/// </summary>
internal sealed class InferenceService(RankerInference inference, FaultInjector faults, string version)
    : GRPCInferenceService.GRPCInferenceServiceBase
{
    private readonly ModelMetadataResponse _model = ToResponse(Model.Model(version));
    private readonly ServerMetadataResponse _server = ToResponse(Model.Server(version));

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = faults.Current.Ready });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        RequireServed(request.Name, request.Version);
        return Task.FromResult(new ModelReadyResponse { Ready = faults.Current.Ready });
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(_server);

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        RequireServed(request.Name, request.Version);
        return Task.FromResult(_model);
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        RequireServed(request.ModelName, request.ModelVersion);
        var aborted = context.CancellationToken;
        bool fail;
        try
        {
            fail = await faults.BeforeInferAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled (client gone or deadline passed) while it waited on injected faults"));
        }
        if (fail)
        {
            throw new RpcException(new Status(StatusCode.Internal, "injected fault"));
        }

        var errors = new List<string>();
        var inputs = TensorReader.Read(request, errors);
        CheckRequestedOutputs(request, errors);
        var scores = errors.Count == 0 ? inference.Score(inputs, InferDialect.Grpc, errors) : null;
        if (scores is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, string.Join("; ", errors)));
        }

        var output = new ModelInferResponse.Types.InferOutputTensor
        {
            Name = Model.ScoresOutput,
            Datatype = "FP32",
            Contents = new InferTensorContents(),
        };
        output.Shape.Add(scores.Length);
        output.Contents.Fp32Contents.Add(scores);
        var response = new ModelInferResponse { ModelName = Model.ModelName, ModelVersion = version, Id = request.Id };
        response.Outputs.Add(output);
        return response;
    }

    /// <summary>The ranker has one output; asking for another is a mistake worth naming, not ignoring.</summary>
    private static void CheckRequestedOutputs(ModelInferRequest request, List<string> errors)
    {
        for (var i = 0; i < request.Outputs.Count; i++)
        {
            if (request.Outputs[i].Name != Model.ScoresOutput)
            {
                errors.Add($"outputs[{i}].name: '{request.Outputs[i].Name}' is not an output of model 'ranker'; ask for 'scores' or leave outputs empty");
            }
        }
    }

    private void RequireServed(string name, string requestedVersion)
    {
        if (Model.NotServed(name) is { } notServed)
        {
            throw new RpcException(new Status(StatusCode.NotFound, notServed));
        }
        if (requestedVersion.Length > 0 && requestedVersion != version)
        {
            throw new RpcException(new Status(StatusCode.NotFound,
                $"model '{name}' version '{requestedVersion}' not found; this server serves version '{version}' (or leave the version empty)"));
        }
    }

    private static ModelMetadataResponse ToResponse(ModelMetadataBody body)
    {
        var response = new ModelMetadataResponse { Name = body.Name, Platform = body.Platform };
        response.Versions.Add(body.Versions);
        response.Inputs.Add(body.Inputs.Select(ToResponse));
        response.Outputs.Add(body.Outputs.Select(ToResponse));
        return response;
    }

    private static ModelMetadataResponse.Types.TensorMetadata ToResponse(TensorMetadata tensor)
    {
        var metadata = new ModelMetadataResponse.Types.TensorMetadata { Name = tensor.Name, Datatype = tensor.Datatype };
        metadata.Shape.Add(tensor.Shape);
        return metadata;
    }

    private static ServerMetadataResponse ToResponse(ServerMetadata body)
    {
        var response = new ServerMetadataResponse { Name = body.Name, Version = body.Version };
        response.Extensions.Add(body.Extensions);
        return response;
    }
}
