using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Guard;

namespace Warden.Evidence.Prometheus;

/// <summary>
/// The live guard's signals from Prometheus, so that every gateway replica it scrapes counts: per
/// guarded version, its live requests (production and canary arms), errors (a client that went
/// away is not one) and latency buckets since the phase started, as <c>increase()</c> over
/// [phase start, now] (<see cref="PrometheusTrafficQuery.MeasureLiveAsync"/>). Prometheus is asked
/// in <see cref="RefreshAsync"/>, at most once per <c>refresh</c>; the reads in between see the last
/// answer. A failed query leaves the counts where they were and makes the look inconclusive with
/// the reason: the guard neither rolls back nor counts it as a healthy look.
/// </summary>
/// <remarks>
/// From buckets, "slower than X" can only be counted at a bucket edge: a request is counted slow
/// when it is above the smallest edge at or above X, so a count never includes a request that was
/// not slower than X (the triggers' false-alarm level holds), at the price of missing requests
/// between X and that edge. <c>increase()</c>'s extrapolation can make a count go down between two
/// answers; each count is held at its highest value within a phase, so a window's difference is
/// never negative. Compliance is not read from Prometheus: the compliance trigger stays unarmed.
/// The backend's health comes from this server's own health checks.
/// </remarks>
internal sealed class PrometheusGuardSignals(
    PrometheusTrafficQuery query, IGuardSignals health, TimeSpan refresh, double latencyTriggerMs, double confidence) : IGuardSignals
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Service, string Version), Series> _series = [];
    private readonly Dictionary<(string Service, string Candidate, DateTimeOffset PhaseStart), (DateTimeOffset At, GuardEvidence Evidence)> _asked = [];

    /// <inheritdoc />
    public async ValueTask<GuardEvidence> RefreshAsync(RolloutState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var key = (state.Service, state.Candidate, state.PhaseStartedAt);
        lock (_gate)
        {
            if (_asked.TryGetValue(key, out var last) && now - last.At < refresh)
            {
                return last.Evidence;
            }
        }

        // During the bake time the known-good version serves nobody: only the candidate is read.
        string[] versions = state.Phase == RolloutPhase.Baking ? [state.Candidate] : [state.Candidate, state.KnownGood];
        GuardEvidence evidence;
        if (now - state.PhaseStartedAt < TimeSpan.FromMilliseconds(1))
        {
            evidence = new GuardEvidence { Source = "prometheus" };
        }
        else
        {
            var measured = await Task.WhenAll(versions.Select(v => query.MeasureLiveAsync(state.Service, v, state.PhaseStartedAt, now, confidence, cancellationToken))).ConfigureAwait(false);
            var errored = measured.Where(m => m.Status == PrometheusQueryStatus.Errored).Select(m => m.Reason).Distinct().ToArray();
            evidence = new GuardEvidence
            {
                Source = "prometheus",
                EvidenceIds = [.. measured.SelectMany(m => m.Provenance)],
                Unavailable = errored.Length > 0 ? string.Join("; ", errored) : null,
            };
            if (evidence.Unavailable is null)
            {
                lock (_gate)
                {
                    foreach (var m in measured)
                    {
                        SeriesOf(state.Service, m.Version).Update(state.PhaseStartedAt, m);
                    }
                }
            }
        }

        lock (_gate)
        {
            // Finished phases are forgotten: a key per (rollout, phase) would only grow.
            foreach (var stale in _asked.Keys.Where(k => k.Service == state.Service && k != key).ToList())
            {
                _asked.Remove(stale);
            }

            _asked[key] = (now, evidence);
        }

        return evidence;
    }

    /// <inheritdoc />
    public GuardCounts Read(string service, string version)
    {
        lock (_gate)
        {
            return _series.TryGetValue((service, version), out var series) ? series.Counts(latencyTriggerMs) : default;
        }
    }

    /// <inheritdoc />
    public bool IsDown(string service, string version) => health.IsDown(service, version);

    /// <inheritdoc />
    public double? P95Ms(string service, string version, long minimum)
    {
        lock (_gate)
        {
            return _series.TryGetValue((service, version), out var series) ? series.P95(minimum, confidence) : null;
        }
    }

    /// <inheritdoc />
    /// <remarks>Prometheus measures from the phase's start already: nothing to restart.</remarks>
    public void RestartP95(string service, string version)
    {
    }

    /// <inheritdoc />
    public void SetDriftThreshold(string service, string version, double thresholdMs)
    {
        lock (_gate)
        {
            SeriesOf(service, version).DriftThresholdMs = thresholdMs;
        }
    }

    private Series SeriesOf(string service, string version)
    {
        if (!_series.TryGetValue((service, version), out var series))
        {
            _series[(service, version)] = series = new Series();
        }

        return series;
    }

    /// <summary>One version's counts in the current phase, each held at its highest value.</summary>
    private sealed class Series
    {
        private DateTimeOffset _phaseStart;
        private (double UpperBound, long Count)[] _buckets = [];
        private GuardCounts _high;

        public double? DriftThresholdMs { get; set; }

        public void Update(DateTimeOffset phaseStart, PrometheusTrafficMeasurement m)
        {
            if (phaseStart != _phaseStart)
            {
                // A new phase starts from zero; its drift threshold is set afresh by the guard.
                _phaseStart = phaseStart;
                _high = default;
                _buckets = [];
                DriftThresholdMs = null;
            }

            if (m.Status == PrometheusQueryStatus.Samples)
            {
                _buckets = [.. m.Buckets.Select(b => (b.UpperBoundMs, b.Count))];
                _high = _high with { Requests = Math.Max(_high.Requests, m.Requests), Errors = Math.Max(_high.Errors, m.Errors) };
            }
        }

        public GuardCounts Counts(double latencyTriggerMs)
        {
            var slow = Math.Max(_high.Slow, Above(latencyTriggerMs));
            var driftRequests = DriftThresholdMs is null ? 0 : _high.Requests;
            var driftSlow = DriftThresholdMs is { } drift ? Math.Max(_high.DriftSlow, Above(drift)) : 0;
            _high = _high with { Slow = slow, DriftSlow = driftSlow };
            return _high with { DriftRequests = driftRequests };
        }

        public double? P95(long minimum, double confidence) =>
            _buckets.Length > 0 && _buckets[^1].Count >= Math.Max(1, minimum) ? BucketQuantile.Of(_buckets, 0.95, confidence).Value : null;

        /// <summary>Requests above the smallest bucket edge at or above <paramref name="thresholdMs"/>: none counted that was not slower than it.</summary>
        private long Above(double thresholdMs)
        {
            if (_buckets.Length == 0)
            {
                return 0;
            }

            var edge = _buckets.First(b => b.UpperBound >= thresholdMs);
            return _buckets[^1].Count - edge.Count;
        }
    }
}
