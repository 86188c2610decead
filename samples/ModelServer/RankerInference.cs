namespace Warden.Samples.ModelServer;

/// <summary>
/// The protocol-free part of an infer call: the request's tensors checked against the ranker's
/// inputs (query_text, candidate_ids), then scored. The REST and the gRPC endpoint each map
/// their wire form to <see cref="InferInputTensor"/> and answer what this returns, so the same
/// request scores the same over both, faults included.
/// </summary>
internal sealed class RankerInference(Ranker ranker, FaultInjector faults)
{
    private const int MaxListedUnknownIds = 5;

    /// <summary>
    /// The scores of the candidates in request order (negated while invert_scores is set), or
    /// null with every problem of the inputs added to <paramref name="errors"/>.
    /// </summary>
    public float[]? Score(IReadOnlyList<InferInputTensor?>? inputs, InferDialect dialect, List<string> errors)
    {
        var (query, candidates) = Validate(inputs, dialect, errors);
        if (errors.Count > 0)
        {
            return null;
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
        return scores;
    }

    private (string? Query, int[]? Candidates) Validate(IReadOnlyList<InferInputTensor?>? tensors, InferDialect dialect, List<string> errors)
    {
        if (tensors is not { Count: > 0 } inputs)
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
                    if (CheckTensor(input, where, dialect, errors) && input.Data!.Length != 1)
                    {
                        errors.Add($"{where} (query_text).{dialect.DataField}: has {input.Data.Length} strings; send exactly one query with shape [1]");
                    }
                    else if (errors.Count == 0)
                    {
                        query = input.Data![0];
                    }
                    break;
                case ModelMetadata.CandidatesInput:
                    sawCandidates = true;
                    if (CheckTensor(input, where, dialect, errors))
                    {
                        candidates = Resolve(input.Data!, where, dialect, errors);
                    }
                    break;
                default:
                    errors.Add($"{where}.name: '{input?.Name}' is not an input of model 'ranker'; use query_text and candidate_ids");
                    break;
            }
        }
        if (!sawQuery)
        {
            errors.Add($"inputs: no tensor named 'query_text'; add {dialect.QueryExample}");
        }
        if (!sawCandidates)
        {
            errors.Add($"inputs: no tensor named 'candidate_ids'; add {dialect.CandidatesExample}");
        }
        return (query, candidates);
    }

    private static bool CheckTensor(InferInputTensor input, string where, InferDialect dialect, List<string> errors)
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
            errors.Add($"{label}.{dialect.DataField}: missing or empty; {dialect.DataHint}");
            return false;
        }
        if (input.Shape is not { Length: 1 } || input.Shape[0] != input.Data.Length)
        {
            var shape = input.Shape is null ? "missing" : $"[{string.Join(",", input.Shape)}]";
            errors.Add($"{label}.shape: is {shape} but {dialect.DataField} has {input.Data.Length} elements; set shape to [{input.Data.Length}]");
            ok = false;
        }
        return ok;
    }

    private int[] Resolve(string[] ids, string where, InferDialect dialect, List<string> errors)
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
            errors.Add($"{where} (candidate_ids).{dialect.DataField}: unknown candidate id {listed}{more}; the catalog holds {ranker.Catalog.Ids[0]} … {ranker.Catalog.Ids[^1]}");
        }
        return indexes;
    }
}
