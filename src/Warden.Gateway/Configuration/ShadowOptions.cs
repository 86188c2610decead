namespace Warden.Gateway.Configuration;

/// <summary>The <c>gateway.shadow</c> section: limits on mirrored requests.</summary>
internal sealed record ShadowOptions
{
    /// <summary>Mirrors in flight at once across all services (<c>max_concurrency</c>); beyond it a mirror is dropped and counted.</summary>
    public int MaxConcurrency { get; init; } = 64;

    /// <summary>Time a mirror may take (<c>timeout_ms</c>); it never delays the production answer.</summary>
    public int TimeoutMs { get; init; } = 10_000;
}
