using System.Text.Json;

namespace Warden.Gateway.Shadow;

/// <summary>
/// Reads the scores out of an Open Inference Protocol v2 inference response: the <c>data</c> of
/// the first entry of <c>outputs</c>, flattened (the protocol allows nested arrays) to doubles.
/// </summary>
internal static class OipScores
{
    /// <summary>The scores, or null when the body is not such a response or the data is not all numbers.</summary>
    public static double[]? TryRead(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("outputs"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.StartArray ? ReadFirstOutput(ref reader) : null;
                }

                reader.Read();
                reader.Skip();
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double[]? ReadFirstOutput(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.StartArray ? ReadNumbers(ref reader) : null;
            }

            reader.Read();
            reader.Skip();
        }

        return null;
    }

    private static double[]? ReadNumbers(ref Utf8JsonReader reader)
    {
        var values = new List<double>();
        var depth = 1;
        while (depth > 0 && reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.Number when reader.TryGetDouble(out var value):
                    values.Add(value);
                    break;
                default:
                    return null;
            }
        }

        return depth == 0 ? [.. values] : null;
    }
}
