using Warden.Core.Configuration;

namespace Warden.Gateway.Configuration;

/// <summary>The outcome of loading the <c>gateway:</c> section: the options, or every error found.</summary>
internal sealed record GatewayLoadResult
{
    /// <summary>The options; null when <see cref="Errors"/> is non-empty.</summary>
    public GatewayOptions? Options { get; init; }

    /// <summary>Every error, in file order; empty when the section is valid.</summary>
    public required IReadOnlyList<ConfigError> Errors { get; init; }
}
