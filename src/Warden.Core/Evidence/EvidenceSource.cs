namespace Warden.Core.Evidence;

/// <summary>Where the live guard, the canary step analysis and the heartbeat cycle read live traffic (warden.yaml <c>evidence.source</c>).</summary>
internal enum EvidenceSource
{
    /// <summary>This server's own gateway: its in-process counts (the guard) and the telemetry windows it writes to the store (steps, cycle).</summary>
    Gateway,

    /// <summary>A Prometheus server that scrapes every gateway replica's <c>/metrics</c>: one measurement over all replicas.</summary>
    Prometheus,
}
