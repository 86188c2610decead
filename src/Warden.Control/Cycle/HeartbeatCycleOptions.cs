using Warden.Core.Cycle;
using Warden.Core.Policy;
using Warden.Core.Rollouts;
using Warden.Rollouts;

namespace Warden.Cycle;

/// <summary>What a heartbeat cycle reads and may do.</summary>
internal sealed record HeartbeatCycleOptions
{
    /// <summary>The name of the store's lease a cycle holds while it runs: at most one cycle at a time on a store.</summary>
    public const string LeaseName = "heartbeat-cycle";

    /// <summary>warden.yaml's <c>cycle:</c>.</summary>
    public required CycleOptions Cycle { get; init; }

    /// <summary>The verdict policy (thresholds, checkpoint and drill ages).</summary>
    public required VerdictPolicy Policy { get; init; }

    /// <summary>The rollout plans a GO starts (warden.yaml's <c>rollout:</c>).</summary>
    public required RolloutOptions Rollouts { get; init; }

    /// <summary>Who runs the cycle: the server's holder name, or the CLI's actor.</summary>
    public required string Holder { get; init; }

    /// <summary>Where each cycle's reports go (a folder per cycle), or null for none.</summary>
    public string? ReportsDirectory { get; init; }

    /// <summary>How long the cycle's lease lasts between renewals (renewed before every phase).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Prometheus, when warden.yaml's <c>evidence.source</c> names it: production's live P95 and error
    /// rate are then measured over every gateway replica it scrapes; null reads the gateway's
    /// telemetry windows in the store.
    /// </summary>
    public Evidence.Prometheus.PrometheusTrafficQuery? Prometheus { get; init; }

    /// <summary>The route gate the guard and the controller share (a cycle rollback's route change waits its turn).</summary>
    public RouteGate RouteGate { get; init; } = new();
}
