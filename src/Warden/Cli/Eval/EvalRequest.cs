using Warden.Core.Evidence;
using Warden.Core.Ranking;

namespace Warden.Cli.Eval;

/// <summary>The parsed options of one <c>warden eval</c> run.</summary>
internal sealed record EvalRequest
{
    public required string Qrels { get; init; }

    public required IReadOnlyList<string> Runs { get; init; }

    public string? Compliance { get; init; }

    public int K { get; init; } = 10;

    public int ComplianceK { get; init; } = 1;

    public UnlabelledDocuments Unlabelled { get; init; } = UnlabelledDocuments.NotCompliant;

    public bool PerQuery { get; init; }

    public bool Json { get; init; }

    public ReadMode Mode { get; init; } = ReadMode.Strict;

    public double Confidence { get; init; } = 0.95;

    public int Resamples { get; init; } = 2000;

    public int Seed { get; init; } = 20261122;
}
