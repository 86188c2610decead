using System.Text.Json;
using Warden.Gateway.Shadow;

namespace Warden.Gateway.Compliance;

/// <summary>
/// Reads a ranking call of the Open Inference Protocol v2, as the reference model server takes
/// it: the request's <c>inputs</c> hold <c>query_text</c> (BYTES, one string) and
/// <c>candidate_ids</c> (BYTES, n strings); the answer's first output holds one score per
/// candidate. The top-ranked item is the candidate with the highest score, the first of equal
/// scores (the order the client sent, as a stable sort by score would keep it).
/// </summary>
internal static class OipRanking
{
    /// <summary>Name of the input holding the query text.</summary>
    public const string QueryInput = "query_text";

    /// <summary>Name of the input holding the candidate ids.</summary>
    public const string CandidatesInput = "candidate_ids";

    /// <summary>
    /// The query and top item, or null when either body is not such a call: not JSON, no
    /// <c>candidate_ids</c> of strings, a <c>query_text</c> that is not one string, no numeric
    /// scores, or a score count other than the candidate count.
    /// </summary>
    public static RankedAnswer? TryRead(ReadOnlySpan<byte> request, ReadOnlySpan<byte> response)
    {
        // OipScores stops at the first output; the rest of the answer must be whole JSON too.
        if (!IsWholeJson(response) || OipScores.TryRead(response) is not { Length: > 0 } scores)
        {
            return null;
        }

        var (query, candidates) = TryReadRequest(request);
        if (candidates.Count != scores.Length)
        {
            return null;
        }

        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            // Strictly greater: a tie keeps the earlier candidate.
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        return new RankedAnswer(query, candidates[best]);
    }

    // (query, candidates) from the request; no candidates when it is not a ranking call.
    private static (string? Query, List<string> Candidates) TryReadRequest(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return (null, []);
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("inputs", out var inputs)
                || inputs.ValueKind != JsonValueKind.Array)
            {
                return (null, []);
            }

            string? query = null;
            List<string>? candidates = null;
            foreach (var input in inputs.EnumerateArray())
            {
                if (input.ValueKind != JsonValueKind.Object
                    || !input.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                    || !input.TryGetProperty("data", out var data))
                {
                    continue;
                }

                if (name.ValueEquals(QueryInput))
                {
                    if (Strings(data) is not [var only])
                    {
                        return (null, []);
                    }

                    query = only;
                }
                else if (name.ValueEquals(CandidatesInput))
                {
                    candidates = Strings(data);
                    if (candidates is null or { Count: 0 })
                    {
                        return (null, []);
                    }
                }
            }

            return (query, candidates ?? []);
        }
        catch (JsonException)
        {
            return (null, []);
        }
    }

    private static bool IsWholeJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // The strings of a data array, flattened (the protocol allows nested arrays); null when any element is not a string.
    private static List<string>? Strings(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = new List<string>();
        return Flatten(data, values) ? values : null;
    }

    private static bool Flatten(JsonElement array, List<string> values)
    {
        foreach (var element in array.EnumerateArray())
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    values.Add(element.GetString()!);
                    break;
                case JsonValueKind.Array when Flatten(element, values):
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
