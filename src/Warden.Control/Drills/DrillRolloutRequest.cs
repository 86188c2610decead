namespace Warden.Drills;

/// <summary>One drill run's rollout: the faulty build as a canary of the drill route, straight at its one step.</summary>
internal sealed record DrillRolloutRequest
{
    /// <summary>The route drilled: the drill copy (<c>SERVICE-drill</c>), or the service itself with <c>--on-live</c>.</summary>
    public required string Route { get; init; }

    /// <summary>The route's version that runs the faulty build.</summary>
    public required string Candidate { get; init; }

    /// <summary>The route's production version: where the guard's rollback goes.</summary>
    public required string KnownGood { get; init; }

    /// <summary>The run's id (<c>dr-…-N</c>), stored as the rollout's deployment id.</summary>
    public required string RunId { get; init; }

    /// <summary>The canary's share of the route's traffic, in percent.</summary>
    public required decimal WeightPercent { get; init; }

    /// <summary>How long the step holds whatever its analysis says: longer than the run, so only the guard or the drill ends it.</summary>
    public required TimeSpan Hold { get; init; }

    /// <summary>Who runs the drill.</summary>
    public required string Actor { get; init; }

    /// <summary>What the run injects, for the start event's reason, e.g. <c>fault errors {"error_rate":0.05}</c> or <c>no fault (A/A)</c>.</summary>
    public required string What { get; init; }

    /// <summary>True for an A/A run: the guard is expected to leave the canary alone.</summary>
    public bool Aa { get; init; }
}
