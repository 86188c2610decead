using Warden.Core.Verdicts;

namespace Warden.Core.Cycle;

/// <summary>
/// A candidate the cycle judged: its verdict and the evidence behind it. MLflow run ids are read
/// from <see cref="VerdictEvidence.Baseline"/> and <see cref="VerdictEvidence.Candidate"/>,
/// evidence ids from each <see cref="CheckResult.Evidence"/>.
/// </summary>
public sealed record JudgedCandidate
{
    /// <summary>The service (its name in gateway.services).</summary>
    public required string Service { get; init; }

    /// <summary>The candidate's version.</summary>
    public required string CandidateVersion { get; init; }

    /// <summary>Production's version, the baseline it was judged against.</summary>
    public required string BaselineVersion { get; init; }

    /// <summary>The deployment id of the verdict.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The verdict, with every check.</summary>
    public required VerdictDecision Decision { get; init; }

    /// <summary>The evidence the verdict was computed from.</summary>
    public required VerdictEvidence Evidence { get; init; }

    /// <summary>The <c>deployment_verdict.md</c> the cycle wrote, or null when none was written.</summary>
    public string? ReportPath { get; init; }
}
