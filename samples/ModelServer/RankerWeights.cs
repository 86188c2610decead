using System.Text.Json;

namespace Warden.Samples.ModelServer;

/// <summary>Weights of the two cosine terms, read from a file such as samples/models/v2.weights.json.</summary>
internal sealed record RankerWeights
{
    public required string Model { get; init; }
    public required string Version { get; init; }
    public required double TextWeight { get; init; }
    public required double VisualWeight { get; init; }

    /// <summary>Reads and validates a weights file; every problem names the path and the field.</summary>
    public static RankerWeights Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new StartupException($"weights file '{path}': {ex.Message}");
        }
        using (doc)
        {
            var errors = new List<string>();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new StartupException($"weights file '{path}': the top level must be a JSON object like {{\"model\":\"ranker\",\"version\":\"v1\",\"text_weight\":1.0,\"visual_weight\":0.0}}");
            }
            var model = ReadString(root, "model", path, errors);
            var version = ReadString(root, "version", path, errors);
            var text = ReadWeight(root, "text_weight", path, errors);
            var visual = ReadWeight(root, "visual_weight", path, errors);
            if (model is not null && model != ModelMetadata.ModelName)
            {
                errors.Add($"weights file '{path}': field 'model' is '{model}'; this server only serves '{ModelMetadata.ModelName}'");
            }
            if (errors.Count > 0)
            {
                throw new StartupException(string.Join(Environment.NewLine, errors));
            }
            return new RankerWeights { Model = model!, Version = version!, TextWeight = text, VisualWeight = visual };
        }
    }

    private static string? ReadString(JsonElement root, string field, string path, List<string> errors)
    {
        if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0)
        {
            return value.GetString();
        }
        errors.Add($"weights file '{path}': field '{field}' must be a non-empty string");
        return null;
    }

    private static double ReadWeight(JsonElement root, string field, string path, List<string> errors)
    {
        if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetDouble(out var weight) && double.IsFinite(weight) && weight >= 0)
        {
            return weight;
        }
        errors.Add($"weights file '{path}': field '{field}' must be a finite number ≥ 0 (got {(root.TryGetProperty(field, out var v) ? v.GetRawText() : "nothing")})");
        return 0;
    }
}
