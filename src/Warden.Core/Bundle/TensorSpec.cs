namespace Warden.Core.Bundle;

/// <summary>One input or output tensor of an Open Inference Protocol v2 model: name, datatype, shape (−1 = any).</summary>
public sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape);
