namespace Warden.Gateway.Routing;

/// <summary>The gate's answer to a <see cref="RouteChange"/>.</summary>
internal sealed record RouteChangeDecision
{
    /// <summary>Allowed, refused, or not recorded.</summary>
    public required RouteChangeOutcome Outcome { get; init; }

    /// <summary>Why it was refused, each naming the field and the fix; empty otherwise.</summary>
    public IReadOnlyList<RouteProblem> Problems { get; init; } = [];

    /// <summary>Why the audit event could not be written, when <see cref="RouteChangeOutcome.NotRecorded"/>.</summary>
    public string? Failure { get; init; }

    /// <summary>Where the change was recorded (e.g. the audit event id), when allowed.</summary>
    public string? Record { get; init; }

    /// <summary>Allowed, recorded as <paramref name="record"/>.</summary>
    public static RouteChangeDecision Allow(string? record) => new() { Outcome = RouteChangeOutcome.Allowed, Record = record };

    /// <summary>Refused for <paramref name="problems"/>.</summary>
    public static RouteChangeDecision Refuse(IReadOnlyList<RouteProblem> problems) => new() { Outcome = RouteChangeOutcome.Refused, Problems = problems };

    /// <summary>Not applied because its audit event could not be written.</summary>
    public static RouteChangeDecision NotRecorded(string failure) => new() { Outcome = RouteChangeOutcome.NotRecorded, Failure = failure };
}
