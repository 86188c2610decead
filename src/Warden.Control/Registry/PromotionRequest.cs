namespace Warden.Registry;

/// <summary>
/// What the promotion gate judges: may <see cref="Model"/>'s production move from
/// <see cref="Production"/> to <see cref="Version"/>? The registry asks it for <c>registry alias …
/// production</c>, the gateway's route API for a change of a service's production version.
/// </summary>
internal sealed record PromotionRequest
{
    /// <summary>Model name (for the route API, the gateway service's name).</summary>
    public required string Model { get; init; }

    /// <summary>The version to become production.</summary>
    public required string Version { get; init; }

    /// <summary>The version in production now, or null when there is none yet.</summary>
    public required string? Production { get; init; }

    /// <summary>Which deployment's GO verdict the promotion rests on, when several exist.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Oldest verdict accepted, measured from when it was recorded (<c>policy.verdict_max_age_days</c>).</summary>
    public required TimeSpan VerdictMaxAge { get; init; }

    /// <summary>
    /// True when <see cref="Production"/> was read from the registry's production alias, whose row
    /// the audit log must then vouch for; the route API's production is the gateway's route table.
    /// </summary>
    public bool ProductionFromAlias { get; init; }
}
