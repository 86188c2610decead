using Warden.Core.Policy;
using Warden.Core.Rollouts;

namespace Warden.Rollouts;

/// <summary>What the rollout controller runs with.</summary>
internal sealed record RolloutControllerOptions
{
    /// <summary>Interval and lease duration (warden.yaml <c>rollout.controller</c>).</summary>
    public required RolloutOptions Rollouts { get; init; }

    /// <summary>The verdict policy: step analysis thresholds, the live verdict, and the promotion rule's verdict age.</summary>
    public required VerdictPolicy Policy { get; init; }

    /// <summary>This server's name in the lease and in the audit log: <c>warden-controller@HOST:PID:RANDOM</c>.</summary>
    public required string Holder { get; init; }

    /// <summary>Where live verdict reports go (<c>DATA_DIR/reports</c>); null writes none.</summary>
    public string? ReportsDirectory { get; init; }

    /// <summary>
    /// Called with the audit action of every transition this server stored, right after the commit
    /// and before traffic follows. <c>warden serve</c> uses it for one test-only fault: with
    /// <c>WARDEN_FAULT_KILL_AFTER=rollout.promote</c> (any action) the process kills itself there
    /// with SIGKILL, the worst moment for a crash, so the restart tests can hit it exactly.
    /// </summary>
    public Action<string>? AfterStore { get; init; }

    /// <summary>Shared with the live guard so that route changes of the two never interleave (<see cref="Rollouts.RouteGate"/>).</summary>
    public RouteGate RouteGate { get; init; } = new();

    /// <summary>Where a canary step's measurements come from (warden.yaml <c>evidence.source</c>); null reads the gateway's telemetry windows in the store.</summary>
    public ITrafficEvidence? Evidence { get; init; }

    /// <summary>The lease's name: one controller per store acts at a time.</summary>
    public const string LeaseName = "rollout-controller";
}
