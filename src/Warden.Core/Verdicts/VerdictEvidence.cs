using Warden.Core.Bundle;
using Warden.Core.Statistics;

namespace Warden.Core.Verdicts;

/// <summary>
/// Everything the reviewers judge: per-arm measurements, the comparisons between arms with their
/// intervals, and the facts about the bundle's files. Built from an evidence bundle; every
/// estimate cites the evidence ids it came from. Null means "not available" and makes the check
/// that needs it INCONCLUSIVE (or FAIL where the policy says a missing input is a failure).
/// </summary>
public sealed record VerdictEvidence
{
    /// <summary>Deployment id from the bundle.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The time ages are measured at (checkpoint, drill); from the bundle's <c>as_of</c> or the clock.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Production arm.</summary>
    public required ArmMeasurements Baseline { get; init; }

    /// <summary>Candidate arm.</summary>
    public required ArmMeasurements Candidate { get; init; }

    /// <summary>Compliance@K uplift in the policy's mode: relative (fraction of baseline) or absolute (points as a fraction).</summary>
    public Estimate? ComplianceUplift { get; init; }

    /// <summary>Compliance@K candidate − baseline, paired by query (absolute).</summary>
    public Estimate? ComplianceDelta { get; init; }

    /// <summary>nDCG@K candidate − baseline, paired by query.</summary>
    public Estimate? NdcgDelta { get; init; }

    /// <summary>P95 candidate − baseline in ms, bootstrap.</summary>
    public Estimate? P95Drift { get; init; }

    /// <summary>Relative nDCG@K drop of the candidate when its visual features are removed.</summary>
    public Estimate? AblationDrop { get; init; }

    /// <summary>Pearson correlation of baseline and candidate scores over shared (query, document) pairs.</summary>
    public Estimate? ScoreCorrelation { get; init; }

    /// <summary>Every file of the bundle, for provenance and integrity.</summary>
    public IReadOnlyList<BundleInput> Inputs { get; init; } = [];

    /// <summary>Rollback readiness data; null when none was given (INCONCLUSIVE).</summary>
    public RollbackReadiness? Rollback { get; init; }

    /// <summary>
    /// Registry facts (registered hashes, tamper marks, the baseline's checkpoint) when the verdict
    /// ran against a store; null otherwise. A registry checkpoint takes precedence over the
    /// checkpoint fields of <see cref="Rollback"/>; the drill fields still come from it.
    /// </summary>
    public RegistryFacts? Registry { get; init; }
}
