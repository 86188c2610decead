using System.Collections.Concurrent;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Accumulates shadow comparisons per (service, production version, shadow version). Thread-safe.
/// At most <see cref="MaxAccumulators"/> version pairs are kept, each with at most
/// <c>maxPairs</c> score pairs (default <see cref="DefaultMaxPairs"/>, 1.6 MB); comparisons for
/// further version pairs are counted in <see cref="Overflow"/>.
/// </summary>
internal sealed class ShadowComparisons
{
    /// <summary>Most recent score pairs kept per version pair.</summary>
    public const int DefaultMaxPairs = 100_000;

    /// <summary>Version pairs kept.</summary>
    public const int MaxAccumulators = 64;

    private readonly ConcurrentDictionary<(string Service, string Production, string Shadow), ShadowPairAccumulator> _accumulators = new();
    private readonly Lock _addGate = new();
    private readonly int _maxPairs;
    private long _overflow;
    private long _invalid;

    /// <summary>Creates an empty set keeping at most <paramref name="maxPairs"/> score pairs per version pair.</summary>
    public ShadowComparisons(int maxPairs = DefaultMaxPairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPairs, 2);
        _maxPairs = maxPairs;
    }

    /// <summary>Comparisons not kept because <see cref="MaxAccumulators"/> version pairs already were.</summary>
    public long Overflow => Interlocked.Read(ref _overflow);

    /// <summary>Comparisons ignored because a service or version was missing.</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    /// <summary>Adds one comparison.</summary>
    public void Record(ShadowComparison? comparison)
    {
        if (comparison is null || string.IsNullOrEmpty(comparison.Service)
            || string.IsNullOrEmpty(comparison.ProductionVersion) || string.IsNullOrEmpty(comparison.ShadowVersion))
        {
            Interlocked.Increment(ref _invalid);
            return;
        }

        var key = (comparison.Service, comparison.ProductionVersion, comparison.ShadowVersion);
        if (!_accumulators.TryGetValue(key, out var accumulator))
        {
            lock (_addGate)
            {
                if (!_accumulators.TryGetValue(key, out accumulator))
                {
                    if (_accumulators.Count >= MaxAccumulators)
                    {
                        Interlocked.Increment(ref _overflow);
                        return;
                    }

                    accumulator = new ShadowPairAccumulator(key.Service, key.ProductionVersion, key.ShadowVersion, _maxPairs);
                    _accumulators[key] = accumulator;
                }
            }
        }

        accumulator.Add(comparison);
    }

    /// <summary>
    /// One summary per version pair, ordered by service, production and shadow version. With
    /// <paramref name="withStatistics"/> the status-match Wilson interval and the score
    /// correlations are computed too (O(n log n) in the kept pairs; for the admin endpoint, not /metrics).
    /// </summary>
    public IReadOnlyList<ShadowSummary> Summaries(bool withStatistics, double confidence = 0.95) =>
        [.. _accumulators.Values
            .OrderBy(a => a.Service, StringComparer.Ordinal)
            .ThenBy(a => a.ProductionVersion, StringComparer.Ordinal)
            .ThenBy(a => a.ShadowVersion, StringComparer.Ordinal)
            .Select(a => a.Summarize(withStatistics, confidence))];
}
