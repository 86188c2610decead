namespace Warden.Core.Bundle;

/// <summary>
/// Model metadata as an Open Inference Protocol v2 server returns it from
/// <c>GET /v2/models/{name}</c>: name, versions, platform, inputs and outputs.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>Model name.</summary>
    public required string Name { get; init; }

    /// <summary>Versions the server lists.</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>Serving platform.</summary>
    public string Platform { get; init; } = string.Empty;

    /// <summary>Input tensors.</summary>
    public IReadOnlyList<TensorSpec> Inputs { get; init; } = [];

    /// <summary>Output tensors.</summary>
    public IReadOnlyList<TensorSpec> Outputs { get; init; } = [];
}
