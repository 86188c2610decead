using Warden.Core.Configuration;

namespace Warden.Core.Bundle;

/// <summary>The outcome of loading <c>evidence.yaml</c>: the bundle, or every error found.</summary>
public sealed record BundleLoadResult
{
    /// <summary>The bundle; null when <see cref="Errors"/> is non-empty.</summary>
    public EvidenceBundle? Bundle { get; init; }

    /// <summary>Every error in the file, in file order; empty when the file is valid.</summary>
    public required IReadOnlyList<ConfigError> Errors { get; init; }
}
