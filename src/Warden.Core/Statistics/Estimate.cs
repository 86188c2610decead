using System.Collections.Immutable;
using Warden.Core.Evidence;

namespace Warden.Core.Statistics;

/// <summary>
/// A number Warden can defend: the point estimate, its confidence interval, how that interval
/// was computed, from how many samples, and from which evidence. Every statistic returns one.
/// </summary>
public sealed record Estimate
{
    /// <summary>Point estimate.</summary>
    public required double Value { get; init; }

    /// <summary>Lower end of the confidence interval.</summary>
    public required double Low { get; init; }

    /// <summary>Upper end of the confidence interval.</summary>
    public required double High { get; init; }

    /// <summary>Confidence level of the interval, e.g. 0.95.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Method name, e.g. <c>wilson</c>, <c>order-statistic</c>, <c>bootstrap-percentile</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Samples the estimate rests on (requests, queries, pairs...).</summary>
    public required long SampleSize { get; init; }

    /// <summary>Bootstrap resamples, when the interval came from a bootstrap.</summary>
    public int? Resamples { get; init; }

    /// <summary>Seed of the bootstrap's random source, when the interval came from a bootstrap.</summary>
    public int? Seed { get; init; }

    /// <summary>Ids of the datasets the estimate was computed from.</summary>
    public ImmutableArray<EvidenceId> Evidence { get; init; } = [];

    /// <summary>True when the interval excludes zero from below (the whole interval is above 0).</summary>
    public bool IsAboveZero => Low > 0;

    /// <summary>True when the interval excludes zero from above (the whole interval is below 0).</summary>
    public bool IsBelowZero => High < 0;

    /// <summary>Returns a copy that cites <paramref name="evidence"/>.</summary>
    public Estimate WithEvidence(params ReadOnlySpan<EvidenceId> evidence) => this with { Evidence = [.. evidence] };
}
