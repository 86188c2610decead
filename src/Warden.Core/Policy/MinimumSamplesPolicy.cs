namespace Warden.Core.Policy;

/// <summary>Minimum sample sizes; below them a check is INCONCLUSIVE with the reason.</summary>
public sealed record MinimumSamplesPolicy
{
    /// <summary>Requests per arm for latency, error-rate and throughput checks (YAML <c>requests</c>).</summary>
    public long Requests { get; init; } = 1000;

    /// <summary>Queries for ranking checks (YAML <c>queries</c>).</summary>
    public int Queries { get; init; } = 30;

    /// <summary>Paired (query, document) scores for the score correlation (YAML <c>score_pairs</c>).</summary>
    public int ScorePairs { get; init; } = 100;
}
