namespace Warden.Registry;

/// <summary>What <c>registry add</c> asks for; the artifact path is already resolved and inside the allowed roots.</summary>
internal sealed record Registration
{
    public required string Model { get; init; }

    public required string Version { get; init; }

    public required string ArtifactPath { get; init; }

    public required Lineage Lineage { get; init; }

    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    public required string Actor { get; init; }
}
