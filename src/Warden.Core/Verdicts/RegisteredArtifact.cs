namespace Warden.Core.Verdicts;

/// <summary>A registered version's pinned artifact hash and tamper mark.</summary>
public sealed record RegisteredArtifact
{
    /// <summary>Version.</summary>
    public required string Version { get; init; }

    /// <summary>sha256 recorded at registration (lowercase hex).</summary>
    public required string Sha256 { get; init; }

    /// <summary>Why the version is marked tampered, or null when it is not.</summary>
    public string? TamperReason { get; init; }
}
