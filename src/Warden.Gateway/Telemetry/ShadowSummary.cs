using Warden.Core.Statistics;

namespace Warden.Gateway.Telemetry;

/// <summary>What the shadow comparisons of one (service, production version, shadow version) show.</summary>
internal sealed record ShadowSummary
{
    /// <summary>Service name.</summary>
    public required string Service { get; init; }

    /// <summary>Production version.</summary>
    public required string ProductionVersion { get; init; }

    /// <summary>Shadow version.</summary>
    public required string ShadowVersion { get; init; }

    /// <summary>Comparisons recorded.</summary>
    public required long Comparisons { get; init; }

    /// <summary>Comparisons where both statuses were equal.</summary>
    public required long StatusMatches { get; init; }

    /// <summary>StatusMatches / Comparisons with its Wilson interval; null before the first comparison or when not computed.</summary>
    public Estimate? StatusMatchRate { get; init; }

    /// <summary>Comparisons where both sides had scores of the same length (their pairs were used).</summary>
    public required long ComparisonsWithScores { get; init; }

    /// <summary>Comparisons where both sides had scores but of different lengths (not paired).</summary>
    public required long LengthMismatches { get; init; }

    /// <summary>Comparisons where one side or both had no scores (not an OIP response with numeric output).</summary>
    public required long MissingScores { get; init; }

    /// <summary>Score pairs skipped because a value was NaN or infinite.</summary>
    public required long NonFinitePairs { get; init; }

    /// <summary>Finite score pairs seen in total.</summary>
    public required long PairsSeen { get; init; }

    /// <summary>Pairs the correlations were computed from: the most recent, at most the accumulator's capacity.</summary>
    public required long PairsKept { get; init; }

    /// <summary>Pearson r of production vs shadow scores with its Fisher-z interval, or null (see <see cref="CorrelationProblem"/>).</summary>
    public Estimate? Pearson { get; init; }

    /// <summary>Spearman ρ with its Fisher-z interval, or null (see <see cref="CorrelationProblem"/>).</summary>
    public Estimate? Spearman { get; init; }

    /// <summary>Why the correlations are missing (too few pairs, a constant series), or null.</summary>
    public string? CorrelationProblem { get; init; }

    /// <summary>Mean production latency over the comparisons, ms.</summary>
    public double? ProductionLatencyMeanMs { get; init; }

    /// <summary>Mean shadow latency over the comparisons, ms.</summary>
    public double? ShadowLatencyMeanMs { get; init; }
}
