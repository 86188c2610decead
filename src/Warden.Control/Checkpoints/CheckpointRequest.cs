namespace Warden.Checkpoints;

/// <summary>What <c>checkpoint verify</c> asks for.</summary>
internal sealed record CheckpointRequest
{
    public required string Model { get; init; }

    /// <summary>Version to verify; null = the version the production alias holds.</summary>
    public string? Version { get; init; }

    public required string Actor { get; init; }

    /// <summary>Load command, or null to time a full read of the artifact.</summary>
    public LoadCommand? Load { get; init; }
}
