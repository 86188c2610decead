namespace Warden.Core.Policy;

/// <summary>Bootstrap resamples and seed.</summary>
public sealed record BootstrapPolicy
{
    /// <summary>Resamples per bootstrap interval (YAML <c>resamples</c>), 100–1,000,000.</summary>
    public int Resamples { get; init; } = 2000;

    /// <summary>Seed of every bootstrap (YAML <c>seed</c>).</summary>
    public int Seed { get; init; } = 20261122;
}
