namespace Warden.Core.Policy;

/// <summary>
/// The thresholds a verdict is judged against: the <c>policy:</c> section of <c>warden.yaml</c>.
/// Every default is the one docs/policy.md lists, so an empty section gives the documented behaviour.
/// </summary>
public sealed record VerdictPolicy
{
    /// <summary>Confidence level of every interval (YAML <c>confidence</c>).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Bootstrap settings (YAML <c>bootstrap</c>).</summary>
    public BootstrapPolicy Bootstrap { get; init; } = new();

    /// <summary>Smallest samples a check accepts before it says INCONCLUSIVE (YAML <c>minimum_samples</c>).</summary>
    public MinimumSamplesPolicy MinimumSamples { get; init; } = new();

    /// <summary>Compliance@K uplift (YAML <c>compliance</c>).</summary>
    public CompliancePolicy Compliance { get; init; } = new();

    /// <summary>ΔnDCG@K (YAML <c>ndcg</c>).</summary>
    public NdcgPolicy Ndcg { get; init; } = new();

    /// <summary>P95 latency and drift (YAML <c>latency</c>).</summary>
    public LatencyPolicy Latency { get; init; } = new();

    /// <summary>Error rate (YAML <c>error_rate</c>).</summary>
    public ErrorRatePolicy ErrorRate { get; init; } = new();

    /// <summary>Throughput (YAML <c>throughput</c>).</summary>
    public ThroughputPolicy Throughput { get; init; } = new();

    /// <summary>Safety gates (YAML <c>safety</c>).</summary>
    public SafetyPolicy Safety { get; init; } = new();

    /// <summary>GO votes needed out of six (YAML <c>quorum</c>), 1–6.</summary>
    public int Quorum { get; init; } = 4;

    /// <summary>Provenance requirements (YAML <c>provenance</c>).</summary>
    public ProvenancePolicy Provenance { get; init; } = new();

    /// <summary>Rollback readiness (YAML <c>rollback</c>).</summary>
    public RollbackPolicy Rollback { get; init; } = new();

    /// <summary>The live guard (YAML <c>guard</c>).</summary>
    public GuardPolicy Guard { get; init; } = new();

    /// <summary>
    /// Oldest GO verdict a promotion may rest on, in days since it was recorded (YAML
    /// <c>verdict_max_age_days</c>): the registry's and the route API's promotion gate refuse an
    /// older one, since the traffic and the model it judged may have moved on.
    /// </summary>
    public double VerdictMaxAgeDays { get; init; } = 7;

    /// <summary><see cref="VerdictMaxAgeDays"/> as a duration (not written to reports: the policy key is the days).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TimeSpan VerdictMaxAge => TimeSpan.FromDays(VerdictMaxAgeDays);
}
