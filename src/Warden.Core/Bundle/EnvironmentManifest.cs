namespace Warden.Core.Bundle;

/// <summary>
/// What an arm ran on (JSON file named by <c>environment:</c> in the bundle): runtime, OS,
/// dependency lock hash and the sha256 of the model artifact it served.
/// </summary>
public sealed record EnvironmentManifest
{
    /// <summary>Runtime, e.g. <c>python 3.11.7 / onnxruntime 1.20</c> (JSON <c>runtime</c>).</summary>
    public string? Runtime { get; init; }

    /// <summary>Operating system image (JSON <c>os</c>).</summary>
    public string? Os { get; init; }

    /// <summary>Hash of the dependency lock file (JSON <c>lock_hash</c>).</summary>
    public string? LockHash { get; init; }

    /// <summary>sha256 of the model artifact, 64 hex digits (JSON <c>artifact_sha256</c>).</summary>
    public string? ArtifactSha256 { get; init; }

    /// <summary>The required fields that are missing or empty, by JSON name; empty when complete.</summary>
    public IReadOnlyList<string> MissingFields { get; init; } = [];
}
