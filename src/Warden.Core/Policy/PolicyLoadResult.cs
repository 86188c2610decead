using Warden.Core.Configuration;

namespace Warden.Core.Policy;

/// <summary>The outcome of loading the policy section of <c>warden.yaml</c>: the policy, or every error found.</summary>
public sealed record PolicyLoadResult
{
    /// <summary>The policy; null when <see cref="Errors"/> is non-empty (a bad file never yields a half-default policy).</summary>
    public VerdictPolicy? Policy { get; init; }

    /// <summary>Every error in the file, in file order; empty when the file is valid.</summary>
    public required IReadOnlyList<ConfigError> Errors { get; init; }
}
