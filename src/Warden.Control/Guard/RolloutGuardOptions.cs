using Warden.Core.Policy;
using Warden.Rollouts;

namespace Warden.Guard;

/// <summary>What the live guard runs with.</summary>
internal sealed record RolloutGuardOptions
{
    /// <summary>The policy: the triggers' thresholds (latency, drift, error rate), the guard's settings and the recovery objectives.</summary>
    public required VerdictPolicy Policy { get; init; }

    /// <summary>The controller's holder name: the guard acts under the controller's lease and in its name.</summary>
    public required string Holder { get; init; }

    /// <summary>Where rollback reports go (<c>DATA_DIR/reports</c>); null writes none.</summary>
    public string? ReportsDirectory { get; init; }

    /// <summary>Called with the audit action right after a rollback's commit, before the route swap (the controller's test-only kill fault).</summary>
    public Action<string>? AfterStore { get; init; }

    /// <summary>Production's requests needed before its P95 sets the drift threshold.</summary>
    public long DriftReferenceRequests { get; init; } = 200;

    /// <summary>Where the guard keeps its recent readings for <c>GET /api/v1/guard</c>; null keeps none.</summary>
    public GuardReadingLog? Readings { get; init; }

    /// <summary>Shared with the rollout controller so that route changes of the two never interleave (<see cref="Rollouts.RouteGate"/>).</summary>
    public RouteGate RouteGate { get; init; } = new();
}
