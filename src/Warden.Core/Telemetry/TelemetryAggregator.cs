using Warden.Core.Evidence;
using Warden.Core.Statistics;

namespace Warden.Core.Telemetry;

/// <summary>
/// Folds request records into per-group counters and latency distributions as they stream by,
/// then turns them into <see cref="GroupStatistics"/>. Memory grows with the number of groups
/// and the latency range, not with the number of requests (see <see cref="SampleDistribution"/>).
/// </summary>
public sealed class TelemetryAggregator
{
    private readonly ErrorClassifier _classifier;
    private readonly TelemetryGrouping _grouping;
    private readonly Dictionary<string, Accumulator> _groups = new(StringComparer.Ordinal);

    /// <summary>Creates an aggregator that classifies errors with <paramref name="classifier"/>.</summary>
    public TelemetryAggregator(ErrorClassifier classifier, TelemetryGrouping grouping = TelemetryGrouping.Version)
    {
        _classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
        _grouping = grouping;
    }

    /// <summary>Requests added so far, over all groups.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one request.</summary>
    public void Add(in RequestRecord record)
    {
        var key = _grouping == TelemetryGrouping.Version ? record.Version : "all";
        if (!_groups.TryGetValue(key, out var group))
        {
            group = new Accumulator();
            _groups.Add(key, group);
        }

        group.Add(record, _classifier.IsError(record));
        Count++;
    }

    /// <summary>Names of the groups seen so far, ordinal order.</summary>
    public IReadOnlyList<string> Groups => [.. _groups.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The latency distribution of one group (for bootstraps across groups), or null when the group is unknown.</summary>
    public IOrderStatistics? Latencies(string group) => _groups.TryGetValue(group, out var g) ? g.Latency : null;

    /// <summary>Computes the statistics of every group, ordered by group name (ordinal).</summary>
    /// <param name="confidence">Confidence level of every interval.</param>
    /// <param name="evidence">Ids of the files the records came from.</param>
    public IReadOnlyList<GroupStatistics> Summarize(double confidence, IReadOnlyList<EvidenceId> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var result = new List<GroupStatistics>(_groups.Count);
        foreach (var name in _groups.Keys.Order(StringComparer.Ordinal))
        {
            result.Add(_groups[name].Summarize(name, confidence, [.. evidence]));
        }

        return result;
    }

    private sealed class Accumulator
    {
        private readonly SampleDistribution _latency = new();

        public IOrderStatistics Latency => _latency;
        private long _errors;
        private long _status4xx;
        private long _status5xx;
        private long _okFalse;
        private DateTimeOffset _from = DateTimeOffset.MaxValue;
        private DateTimeOffset _to = DateTimeOffset.MinValue;

        public void Add(in RequestRecord record, bool isError)
        {
            _latency.Add(record.LatencyMs);
            if (isError)
            {
                _errors++;
            }

            if (record.Status is >= 400 and < 500)
            {
                _status4xx++;
            }
            else if (record.Status >= 500)
            {
                _status5xx++;
            }

            if (record.Ok == false)
            {
                _okFalse++;
            }

            if (record.Timestamp < _from)
            {
                _from = record.Timestamp;
            }

            if (record.Timestamp > _to)
            {
                _to = record.Timestamp;
            }
        }

        public GroupStatistics Summarize(string name, double confidence, EvidenceId[] evidence)
        {
            var n = _latency.Count;
            var span = _to - _from;
            return new GroupStatistics
            {
                Group = name,
                Requests = n,
                Errors = _errors,
                Status4xx = _status4xx,
                Status5xx = _status5xx,
                OkFalse = _okFalse,
                ErrorRate = Proportion.Wilson(_errors, n, confidence).WithEvidence(evidence),
                Throughput = span > TimeSpan.Zero ? Rate.PoissonPerSecond(n, span, confidence).WithEvidence(evidence) : null,
                P50 = QuantileInterval.OrderStatistic(_latency, 0.50, confidence).WithEvidence(evidence),
                P95 = QuantileInterval.OrderStatistic(_latency, 0.95, confidence).WithEvidence(evidence),
                P99 = QuantileInterval.OrderStatistic(_latency, 0.99, confidence).WithEvidence(evidence),
                MeanLatencyMs = _latency.Mean,
                From = _from,
                To = _to,
                LatencyRepresentation = _latency.Representation,
                Evidence = [.. evidence],
            };
        }
    }
}
