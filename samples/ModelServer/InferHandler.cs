using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Warden.Samples.ModelServer;

/// <summary>POST /v2/models/ranker/infer: validates the tensors, runs the faults, scores the candidates.</summary>
internal sealed class InferHandler(Ranker ranker, FaultInjector faults, string version)
{
    private const int MaxListedUnknownIds = 5;

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
        var (query, candidates) = Validate(request, errors);
        if (errors.Count > 0)
        {
            await Http.WriteErrorAsync(ctx, StatusCodes.Status400BadRequest, string.Join("; ", errors), errors).ConfigureAwait(false);
            return;
        }

        var scores = new float[candidates!.Length];
        ranker.Score(query!, candidates, scores);
        if (faults.Current.InvertScores)
        {
            // A model that ranks upside down: its answers are well-formed and fast, only wrong,
            // which only a quality check on live answers (the gateway's compliance) can see.
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = -scores[i];
            }
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

    private (string? Query, int[]? Candidates) Validate(InferRequest? request, List<string> errors)
    {
        if (request?.Inputs is not { Count: > 0 } inputs)
        {
            errors.Add("inputs: missing or empty; send two tensors, query_text (BYTES, shape [1]) and candidate_ids (BYTES, shape [n])");
            return (null, null);
        }
        string? query = null;
        int[]? candidates = null;
        var sawQuery = false;
        var sawCandidates = false;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var where = $"inputs[{i}]";
            switch (input?.Name)
            {
                case ModelMetadata.QueryInput:
                    sawQuery = true;
                    if (CheckTensor(input, where, errors) && input.Data!.Length != 1)
                    {
                        errors.Add($"{where} (query_text).data: has {input.Data.Length} strings; send exactly one query with shape [1]");
                    }
                    else if (errors.Count == 0)
                    {
                        query = input.Data![0];
                    }
                    break;
                case ModelMetadata.CandidatesInput:
                    sawCandidates = true;
                    if (CheckTensor(input, where, errors))
                    {
                        candidates = Resolve(input.Data!, where, errors);
                    }
                    break;
                default:
                    errors.Add($"{where}.name: '{input?.Name}' is not an input of model 'ranker'; use query_text and candidate_ids");
                    break;
            }
        }
        if (!sawQuery)
        {
            errors.Add("inputs: no tensor named 'query_text'; add {\"name\":\"query_text\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"...\"]}");
        }
        if (!sawCandidates)
        {
            errors.Add("inputs: no tensor named 'candidate_ids'; add {\"name\":\"candidate_ids\",\"shape\":[n],\"datatype\":\"BYTES\",\"data\":[\"item-001\", ...]}");
        }
        return (query, candidates);
    }

    private static bool CheckTensor(InferInputTensor input, string where, List<string> errors)
    {
        var ok = true;
        var label = $"{where} ({input.Name})";
        if (input.Datatype != "BYTES")
        {
            errors.Add($"{label}.datatype: is '{input.Datatype}'; must be BYTES");
            ok = false;
        }
        if (input.Data is not { Length: > 0 })
        {
            errors.Add($"{label}.data: missing or empty; send a non-empty array of strings");
            return false;
        }
        if (input.Shape is not { Length: 1 } || input.Shape[0] != input.Data.Length)
        {
            var shape = input.Shape is null ? "missing" : $"[{string.Join(",", input.Shape)}]";
            errors.Add($"{label}.shape: is {shape} but data has {input.Data.Length} elements; set shape to [{input.Data.Length}]");
            ok = false;
        }
        return ok;
    }

    private int[] Resolve(string[] ids, string where, List<string> errors)
    {
        var indexes = new int[ids.Length];
        List<string>? unknown = null;
        for (var k = 0; k < ids.Length; k++)
        {
            if (!ranker.Catalog.TryGetIndex(ids[k], out indexes[k]))
            {
                (unknown ??= []).Add(ids[k]);
            }
        }
        if (unknown is not null)
        {
            var listed = string.Join(", ", unknown.Take(MaxListedUnknownIds).Select(id => $"'{id}'"));
            var more = unknown.Count > MaxListedUnknownIds ? $" and {unknown.Count - MaxListedUnknownIds} more" : string.Empty;
            errors.Add($"{where} (candidate_ids).data: unknown candidate id {listed}{more}; the catalog holds {ranker.Catalog.Ids[0]} … {ranker.Catalog.Ids[^1]}");
        }
        return indexes;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
