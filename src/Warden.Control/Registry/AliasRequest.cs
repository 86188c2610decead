namespace Warden.Registry;

/// <summary>What <c>registry alias</c> asks for.</summary>
internal sealed record AliasRequest
{
    public required string Model { get; init; }

    public required string Alias { get; init; }

    public required string Version { get; init; }

    public required string Actor { get; init; }

    /// <summary>Move production without a GO verdict (needs <see cref="Reason"/>).</summary>
    public bool Override { get; init; }

    /// <summary>Why: required with <see cref="Override"/>, recorded on any move.</summary>
    public string? Reason { get; init; }

    /// <summary>Which deployment's GO verdict a promotion rests on, when several exist.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Oldest GO verdict a promotion may rest on (<c>policy.verdict_max_age_days</c>).</summary>
    public required TimeSpan VerdictMaxAge { get; init; }
}
