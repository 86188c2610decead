namespace Warden.Registry;

/// <summary>An environment manifest as registered: where it was, its sha256 and the fields Warden reads from it.</summary>
internal sealed record EnvironmentRecord
{
    /// <summary>Absolute path of the manifest when registered.</summary>
    public required string Path { get; init; }

    /// <summary>sha256 of the manifest's bytes.</summary>
    public required string Sha256 { get; init; }

    /// <summary>JSON <c>runtime</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>JSON <c>os</c>.</summary>
    public string? Os { get; init; }

    /// <summary>JSON <c>lock_hash</c>.</summary>
    public string? LockHash { get; init; }

    /// <summary>JSON <c>artifact_sha256</c>.</summary>
    public string? ArtifactSha256 { get; init; }
}
