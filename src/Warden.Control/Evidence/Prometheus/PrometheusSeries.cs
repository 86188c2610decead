using System.Collections.Immutable;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// One series of a query result: its labels and its samples (one for an instant vector or a
/// scalar, one per step for a range matrix).
/// </summary>
internal sealed record PrometheusSeries
{
    /// <summary>Label names and values (<c>__name__</c> included when Prometheus sends it).</summary>
    public required ImmutableSortedDictionary<string, string> Labels { get; init; }

    /// <summary>Samples in the order Prometheus sent them (ascending time).</summary>
    public required ImmutableArray<PrometheusSample> Samples { get; init; }

    /// <summary>The value of the last sample: the value of an instant query.</summary>
    public double Last => Samples[^1].Value;
}
