namespace Warden.Registry;

/// <summary>The result of re-hashing a registered artifact.</summary>
internal sealed record ArtifactVerification
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Version.</summary>
    public required string Version { get; init; }

    /// <summary>When it was checked.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Who checked.</summary>
    public required string Actor { get; init; }

    /// <summary>Path that was read.</summary>
    public required string ArtifactPath { get; init; }

    /// <summary>sha256 registered.</summary>
    public required string Expected { get; init; }

    /// <summary>sha256 of the bytes read, or null when the file could not be read.</summary>
    public string? Sha256Read { get; init; }

    /// <summary>True when the bytes read hash to the registered sha256.</summary>
    public required bool Matched { get; init; }

    /// <summary>Why the file could not be read, when it could not.</summary>
    public string? Problem { get; init; }
}
