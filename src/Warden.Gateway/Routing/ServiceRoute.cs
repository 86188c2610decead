namespace Warden.Gateway.Routing;

/// <summary>
/// Where one service's traffic goes: every request to <see cref="Production"/>, except the
/// sticky <see cref="CanaryBasisPoints"/> share sent to <see cref="Canary"/>; a copy of each
/// production request is mirrored to <see cref="Shadow"/> when one is set.
/// </summary>
internal sealed record ServiceRoute
{
    /// <summary>Largest canary weight: 10,000 basis points = 100 %. One basis point is 0.01 %.</summary>
    public const int MaxBasisPoints = 10_000;

    /// <summary>Service name, the first path segment clients use (<c>/{service}/...</c>).</summary>
    public required string Service { get; init; }

    /// <summary>The version serving production traffic.</summary>
    public required BackendTarget Production { get; init; }

    /// <summary>Version receiving mirrored copies of production requests; its answers never reach clients.</summary>
    public BackendTarget? Shadow { get; init; }

    /// <summary>Version receiving a weighted, sticky share of live traffic.</summary>
    public BackendTarget? Canary { get; init; }

    /// <summary>Canary share in basis points, 0–10,000 (0.01 % resolution); 0 when there is no canary.</summary>
    public int CanaryBasisPoints { get; init; }
}
