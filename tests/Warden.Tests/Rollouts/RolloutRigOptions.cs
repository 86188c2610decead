namespace Warden.Tests.Rollouts;

/// <summary>
/// What one <see cref="RolloutRig"/> changes from the defaults every rollout process test shares:
/// a realistic latency target for the live guard's latency trigger, a longer step or bake time to
/// fault a version in, a v2 backend of the test's own to kill, or a PostgreSQL store.
/// </summary>
internal sealed record RolloutRigOptions
{
    /// <summary>
    /// <c>policy.latency.p95_target_ms</c>. The default is far above any latency a busy test box
    /// shows, so that only the error rate can fail a step.
    /// </summary>
    public int P95TargetMs { get; init; } = 5000;

    /// <summary><c>rollout.plan.step.min_seconds</c>: how long each canary step lasts at least.</summary>
    public double StepMinSeconds { get; init; } = 1;

    /// <summary><c>rollout.plan.bake_minutes</c>.</summary>
    public double BakeMinutes { get; init; } = 0.05;

    /// <summary>v2's inference address; null uses the shared pair's v2.</summary>
    public Uri? V2 { get; init; }

    /// <summary>A <c>cycle:</c> section appended to warden.yaml as written (YAML, top level), or null for none (no heartbeat cycle).</summary>
    public string? Cycle { get; init; }

    /// <summary>
    /// A PostgreSQL store URL (<c>postgres://USER@HOST:PORT/DB?schema=NAME</c>, password in PGPASSWORD)
    /// every server and command uses with <c>--store</c>; null keeps the state in the SQLite file of the rig's data directory.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>More entries of gateway.services (YAML, indented as the rig's own service entries), e.g. a drill route; or null.</summary>
    public string? DrillRoute { get; init; }

    /// <summary>An <c>evidence:</c> section appended to warden.yaml as written (YAML, top level), or null for none (the gateway's own counts).</summary>
    public string? Evidence { get; init; }
}
