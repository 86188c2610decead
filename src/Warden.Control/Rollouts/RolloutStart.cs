using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>What <c>warden rollout start SERVICE VERSION</c> asks for.</summary>
internal sealed record RolloutStart
{
    /// <summary>The service (the registry model of the same name).</summary>
    public required string Service { get; init; }

    /// <summary>The version to roll out.</summary>
    public required string Candidate { get; init; }

    /// <summary>The deployment whose verdict the rollout rests on, when several are recorded; null picks the latest.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The plan (warden.yaml's <c>rollout:</c> for the service).</summary>
    public required RolloutPlan Plan { get; init; }

    /// <summary>Who starts it.</summary>
    public required string Actor { get; init; }

    /// <summary>How old a verdict may be (<c>policy.verdict_max_age_days</c>).</summary>
    public required TimeSpan VerdictMaxAge { get; init; }
}
