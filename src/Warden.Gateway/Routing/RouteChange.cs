namespace Warden.Gateway.Routing;

/// <summary>A validated route change about to be published: what the gate judges and the audit log records.</summary>
internal sealed record RouteChange
{
    /// <summary>The service whose route changes.</summary>
    public required string Service { get; init; }

    /// <summary>The route in force.</summary>
    public required ServiceRoute Before { get; init; }

    /// <summary>The route to publish.</summary>
    public required ServiceRoute After { get; init; }

    /// <summary>The revision the table will have once published.</summary>
    public required long Revision { get; init; }

    /// <summary>Who asked, as claimed (the admin API has no authentication yet).</summary>
    public required string Actor { get; init; }

    /// <summary>Why, when given; required with <see cref="Override"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>True to move production without a GO verdict (recorded as an override).</summary>
    public bool Override { get; init; }

    /// <summary>The deployment whose GO verdict a change of production rests on, when several exist.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>True when the production version changes: the part the promotion rule governs.</summary>
    public bool MovesProduction => Before.Production.Version != After.Production.Version;
}
