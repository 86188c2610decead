using Warden.Core.Statistics;

namespace Warden.Gateway.Telemetry;

/// <summary>
/// Shadow comparisons of one (service, production version, shadow version): counts, and the
/// score pairs in a ring of at most <c>capacity</c> most recent pairs (two double arrays grown on
/// demand, then overwritten oldest first), so memory is bounded whatever the traffic.
/// </summary>
internal sealed class ShadowPairAccumulator
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private double[] _production = [];
    private double[] _shadow = [];
    private int _kept;
    private int _next;
    private long _comparisons;
    private long _statusMatches;
    private long _withScores;
    private long _lengthMismatches;
    private long _missingScores;
    private long _nonFinitePairs;
    private long _pairsSeen;
    private double _productionLatencySum;
    private double _shadowLatencySum;

    /// <summary>Creates an empty accumulator keeping at most <paramref name="capacity"/> pairs.</summary>
    public ShadowPairAccumulator(string service, string productionVersion, string shadowVersion, int capacity)
    {
        Service = service;
        ProductionVersion = productionVersion;
        ShadowVersion = shadowVersion;
        _capacity = capacity;
    }

    /// <summary>Service name.</summary>
    public string Service { get; }

    /// <summary>Production version.</summary>
    public string ProductionVersion { get; }

    /// <summary>Shadow version.</summary>
    public string ShadowVersion { get; }

    /// <summary>Adds one comparison.</summary>
    public void Add(ShadowComparison comparison)
    {
        var production = comparison.ProductionScores;
        var shadow = comparison.ShadowScores;
        lock (_gate)
        {
            _comparisons++;
            _statusMatches += comparison.StatusMatch ? 1 : 0;
            _productionLatencySum += double.IsFinite(comparison.ProductionLatencyMs) ? comparison.ProductionLatencyMs : 0;
            _shadowLatencySum += double.IsFinite(comparison.ShadowLatencyMs) ? comparison.ShadowLatencyMs : 0;
            if (production is null || shadow is null)
            {
                _missingScores++;
                return;
            }

            if (production.Length != shadow.Length)
            {
                _lengthMismatches++;
                return;
            }

            _withScores++;
            for (var i = 0; i < production.Length; i++)
            {
                if (double.IsFinite(production[i]) && double.IsFinite(shadow[i]))
                {
                    AddPair(production[i], shadow[i]);
                }
                else
                {
                    _nonFinitePairs++;
                }
            }
        }
    }

    /// <summary>Counts, status-match rate and (when <paramref name="withCorrelation"/>) the score correlations.</summary>
    public ShadowSummary Summarize(bool withCorrelation, double confidence)
    {
        double[] x, y;
        ShadowSummary summary;
        lock (_gate)
        {
            summary = new ShadowSummary
            {
                Service = Service,
                ProductionVersion = ProductionVersion,
                ShadowVersion = ShadowVersion,
                Comparisons = _comparisons,
                StatusMatches = _statusMatches,
                ComparisonsWithScores = _withScores,
                LengthMismatches = _lengthMismatches,
                MissingScores = _missingScores,
                NonFinitePairs = _nonFinitePairs,
                PairsSeen = _pairsSeen,
                PairsKept = _kept,
                ProductionLatencyMeanMs = _comparisons > 0 ? _productionLatencySum / _comparisons : null,
                ShadowLatencyMeanMs = _comparisons > 0 ? _shadowLatencySum / _comparisons : null,
            };
            if (!withCorrelation)
            {
                return summary;
            }

            // Copied under the lock, computed outside it: Spearman sorts, and requests keep coming.
            x = _production.AsSpan(0, _kept).ToArray();
            y = _shadow.AsSpan(0, _kept).ToArray();
        }

        summary = summary with
        {
            StatusMatchRate = summary.Comparisons > 0 ? Proportion.Wilson(summary.StatusMatches, summary.Comparisons, confidence) : null,
        };
        if (x.Length < 2)
        {
            return summary with { CorrelationProblem = $"{x.Length} score pair(s); a correlation needs at least 2" };
        }

        try
        {
            return summary with
            {
                Pearson = Correlation.Pearson(x, y, confidence),
                Spearman = Correlation.Spearman(x, y, confidence),
            };
        }
        catch (ArgumentException ex)
        {
            return summary with { CorrelationProblem = ex.Message };
        }
    }

    private void AddPair(double production, double shadow)
    {
        _pairsSeen++;
        if (_kept == _production.Length && _kept < _capacity)
        {
            var size = Math.Min(_capacity, Math.Max(1024, _kept * 2));
            Array.Resize(ref _production, size);
            Array.Resize(ref _shadow, size);
        }

        _production[_next] = production;
        _shadow[_next] = shadow;
        _next = (_next + 1) % _capacity;
        _kept = Math.Min(_kept + 1, _capacity);
    }
}
