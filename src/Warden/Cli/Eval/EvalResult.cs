using Warden.Core.Evidence;
using Warden.Core.Ranking;
using Warden.Core.Statistics;

namespace Warden.Cli.Eval;

/// <summary>Everything <c>warden eval</c> computed, before it is rendered as a table or JSON.</summary>
internal sealed record EvalResult
{
    public required (EvidenceInfo Info, ParseIssueLog Issues) Qrels { get; init; }

    public (EvidenceInfo Info, ParseIssueLog Issues)? Compliance { get; init; }

    public required IReadOnlyList<RunEvaluation> Runs { get; init; }

    /// <summary>Second run minus first, paired by query; null with one run.</summary>
    public Estimate? NdcgDelta { get; init; }

    /// <summary>Second run minus first, paired by query; null with one run or no labels.</summary>
    public Estimate? ComplianceDelta { get; init; }
}

/// <summary>The metrics of one run.</summary>
internal sealed record RunEvaluation
{
    public required string Source { get; init; }

    public required string Tag { get; init; }

    public required (EvidenceInfo Info, ParseIssueLog Issues) Input { get; init; }

    public required PerQueryScores Ndcg { get; init; }

    public required Estimate NdcgMean { get; init; }

    public PerQueryScores? Compliance { get; init; }

    public Estimate? ComplianceMean { get; init; }
}
