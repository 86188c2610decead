using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Warden.Samples.ModelServer;

/// <summary>POST /v2/models/ranker/infer: runs the faults, reads the JSON tensors, answers the scores.</summary>
internal sealed class InferHandler(RankerInference inference, FaultInjector faults, string version)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        var aborted = ctx.RequestAborted;
        bool fail;
        try
        {
            fail = await faults.BeforeInferAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }
        if (fail)
        {
            await Http.WriteErrorAsync(ctx, StatusCodes.Status500InternalServerError, "injected fault").ConfigureAwait(false);
            return;
        }

        InferRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(ctx.Request.Body, ModelServerJsonContext.Default.InferRequest, aborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            await Http.WriteErrorAsync(ctx, StatusCodes.Status400BadRequest,
                $"malformed JSON at {ex.Path ?? "$"} (line {ex.LineNumber + 1}): {FirstSentence(ex.Message)} Send an object like {{\"inputs\":[{{\"name\":\"query_text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"red shoes\"]}}, ...]}}").ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return;
        }

        var errors = new List<string>();
        var scores = inference.Score(request?.Inputs, InferDialect.Json, errors);
        if (scores is null)
        {
            await Http.WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, string.Join("; ", errors), errors).ConfigureAwait(false);
            return;
        }

        var response = new InferResponse
        {
            ModelName = ModelMetadata.ModelName,
            ModelVersion = version,
            Id = request!.Id,
            Outputs = [new InferOutputTensor { Name = ModelMetadata.ScoresOutput, Shape = [scores.Length], Datatype = "FP32", Data = scores }],
        };
        await Http.WriteJsonAsync(ctx, StatusCodes.Status200OK,
            JsonSerializer.SerializeToUtf8Bytes(response, ModelServerJsonContext.Default.InferResponse)).ConfigureAwait(false);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
