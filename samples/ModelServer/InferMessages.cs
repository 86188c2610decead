using System.Text.Json.Serialization;

namespace Warden.Samples.ModelServer;

/// <summary>Body of POST /v2/models/{name}/infer (Open Inference Protocol v2, JSON form).</summary>
internal sealed class InferRequest
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("inputs")] public List<InferInputTensor>? Inputs { get; set; }
}

internal sealed class InferInputTensor
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("shape")] public long[]? Shape { get; set; }
    [JsonPropertyName("datatype")] public string? Datatype { get; set; }
    [JsonPropertyName("data")] public string[]? Data { get; set; }
}

internal sealed class InferResponse
{
    [JsonPropertyName("model_name")] public required string ModelName { get; init; }
    [JsonPropertyName("model_version")] public required string ModelVersion { get; init; }
    [JsonPropertyName("id")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("outputs")] public required InferOutputTensor[] Outputs { get; init; }
}

internal sealed class InferOutputTensor
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("shape")] public required long[] Shape { get; init; }
    [JsonPropertyName("datatype")] public required string Datatype { get; init; }
    [JsonPropertyName("data")] public required float[] Data { get; init; }
}

internal sealed class ErrorBody
{
    [JsonPropertyName("error")] public required string Error { get; init; }
    [JsonPropertyName("errors")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string[]? Errors { get; init; }
}

internal sealed class ServerMetadata
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("extensions")] public required string[] Extensions { get; init; }
}

internal sealed class TensorMetadata
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("datatype")] public required string Datatype { get; init; }
    [JsonPropertyName("shape")] public required long[] Shape { get; init; }
}

internal sealed class ModelMetadataBody
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("versions")] public required string[] Versions { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("inputs")] public required TensorMetadata[] Inputs { get; init; }
    [JsonPropertyName("outputs")] public required TensorMetadata[] Outputs { get; init; }
}
