namespace Warden.Registry;

/// <summary>A verdict recorded by <c>warden verdict --record</c>: what promotion of the candidate rests on.</summary>
internal sealed record VerdictRecord
{
    /// <summary>Deployment id of the bundle.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Model name.</summary>
    public required string Model { get; init; }

    /// <summary>Candidate version judged.</summary>
    public required string CandidateVersion { get; init; }

    /// <summary>Baseline (production) version it was judged against.</summary>
    public required string BaselineVersion { get; init; }

    /// <summary>Outcome label: GO, SHADOW ONLY, PAUSE_AND_FIX or REJECT.</summary>
    public required string Outcome { get; init; }

    /// <summary>sha256 of the deployment_verdict.json written.</summary>
    public required string ReportSha256 { get; init; }

    /// <summary>Evidence ids of the bundle's files.</summary>
    public required IReadOnlyList<string> EvidenceIds { get; init; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Who recorded it.</summary>
    public required string Actor { get; init; }

    /// <summary>The stored row's id (0 until stored): what its audit event attests.</summary>
    public long Id { get; init; }

    /// <summary>True for a GO verdict.</summary>
    public bool IsGo => Outcome == "GO";
}
