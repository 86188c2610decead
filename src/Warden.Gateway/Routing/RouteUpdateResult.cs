namespace Warden.Gateway.Routing;

/// <summary>The outcome of a route change: the table published, or why nothing was.</summary>
internal sealed record RouteUpdateResult
{
    /// <summary>Applied, invalid, unknown service, refused or not recorded.</summary>
    public required RouteUpdateStatus Status { get; init; }

    /// <summary>The table in force after the call (the new one when applied).</summary>
    public required RouteTable Table { get; init; }

    /// <summary>Every problem found, each naming the field and the fix; empty when applied.</summary>
    public IReadOnlyList<RouteProblem> Problems { get; init; } = [];

    /// <summary>Why the change could not be recorded, when <see cref="RouteUpdateStatus.NotRecorded"/>.</summary>
    public string? Failure { get; init; }

    /// <summary>Where the change was recorded (the audit event id), when applied.</summary>
    public string? Record { get; init; }
}
