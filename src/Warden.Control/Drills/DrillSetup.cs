using Warden.Core.Policy;

namespace Warden.Drills;

/// <summary>One <c>warden drill</c> invocation, resolved: what to drill, where, how often, against which limits.</summary>
internal sealed record DrillSetup
{
    /// <summary>The drill's id (<c>dr-…</c>).</summary>
    public required string DrillId { get; init; }

    /// <summary>The service drilled (its registry model, for the RPO's checkpoint).</summary>
    public required string Service { get; init; }

    /// <summary>The route the runs move.</summary>
    public required string Route { get; init; }

    /// <summary>True with <c>--on-live</c>.</summary>
    public bool OnLive { get; init; }

    /// <summary>The faulty build's version on the route.</summary>
    public required string Candidate { get; init; }

    /// <summary>The route's production version.</summary>
    public required string KnownGood { get; init; }

    /// <summary>The fault kind, or null for an A/A drill.</summary>
    public string? Fault { get; init; }

    /// <summary>The body that starts the fault (null for A/A).</summary>
    public string? FaultBody { get; init; }

    /// <summary>Runs to make.</summary>
    public required int Runs { get; init; }

    /// <summary>How long an A/A run watches the healthy canary.</summary>
    public TimeSpan AaDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a fault run lets the canary run healthy before the fault.</summary>
    public TimeSpan FaultAfter { get; init; }

    /// <summary>How long a fault run waits for the guard.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>How long a run waits for the faulty build's readiness.</summary>
    public required TimeSpan ReadyTimeout { get; init; }

    /// <summary>The canary's weight, in percent.</summary>
    public required decimal WeightPercent { get; init; }

    /// <summary>The policy: objectives, the guard's designed level, the verdict age for an abort.</summary>
    public required VerdictPolicy Policy { get; init; }

    /// <summary>Who runs the drill.</summary>
    public required string Actor { get; init; }
}
