namespace Warden.Core.Evidence;

/// <summary>The <c>evidence:</c> section of warden.yaml: where live traffic evidence comes from.</summary>
internal sealed record EvidenceOptions
{
    /// <summary>The source (<c>evidence.source</c>); the gateway's own windows and counts by default.</summary>
    public EvidenceSource Source { get; init; } = EvidenceSource.Gateway;

    /// <summary>How to reach Prometheus (<c>evidence.prometheus</c>); null when the section does not name a server.</summary>
    public PrometheusEvidenceOptions? Prometheus { get; init; }
}
