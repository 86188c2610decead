using Warden.Core.Guard;
using Warden.Core.Rollouts;
using Warden.Rollouts;

namespace Warden.Guard;

/// <summary>
/// The live guard's recent readings, in memory, for <c>GET /api/v1/guard</c> (the dashboard's
/// guard view): per rollout it watches, per trigger, the latest look's reading and one point per
/// second for <see cref="Retention"/>. A look evaluates every window of the phase, ten times a
/// second; the point kept for a second is the reading whose bound is closest to, or furthest
/// over, its threshold (the largest bound − threshold) — a tripping reading over any other — so
/// the chart shows the evidence nearest to a rollback. Only armed readings make points (an
/// unarmed trigger has no bound to draw). A rollout the guard stops watching (rolled back,
/// promoted, aborted) stays, with <see cref="GuardRolloutReadings.Watching"/> false, until its
/// last look is <see cref="Retention"/> old; its tripping point stays as long as it does.
/// Memory is bounded: at most 1,800 points per trigger, six triggers per rollout, for the
/// rollouts watched in the last 30 minutes. Times come from the guard's clock; the guard writes,
/// the API reads, under one lock.
/// </summary>
internal sealed class GuardReadingLog(TimeProvider time)
{
    /// <summary>How long points and unwatched rollouts are kept.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Entry> _rollouts = [];

    /// <summary>Notes a look at a rollout before its triggers are read: where it stands and whether its evidence could be read.</summary>
    public void Look(long rolloutId, RolloutState state, GuardEvidence evidence, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(evidence);
        lock (_gate)
        {
            if (!_rollouts.TryGetValue(rolloutId, out var entry))
            {
                entry = new Entry(rolloutId);
                _rollouts[rolloutId] = entry;
            }

            entry.State = state;
            entry.EvidenceSource = evidence.Source;
            entry.EvidenceUnavailable = evidence.Unavailable;
            entry.Watching = true;
            entry.LastLook = at;
            Prune(at);
        }
    }

    /// <summary>Adds one window's readings taken at <paramref name="at"/> (a look's windows all share its time).</summary>
    public void Record(long rolloutId, IReadOnlyList<TriggerReading> readings, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(readings);
        lock (_gate)
        {
            if (!_rollouts.TryGetValue(rolloutId, out var entry))
            {
                return;
            }

            foreach (var reading in readings)
            {
                entry.Add(reading, at);
            }
        }
    }

    /// <summary>Notes that <paramref name="reading"/> rolled the rollout back (<paramref name="rollbackRunId"/>): it is no longer watched.</summary>
    public void Tripped(long rolloutId, TriggerReading reading, DateTimeOffset at, string rollbackRunId)
    {
        ArgumentNullException.ThrowIfNull(reading);
        lock (_gate)
        {
            if (_rollouts.TryGetValue(rolloutId, out var entry))
            {
                entry.Add(reading, at);
                entry.Trip = new GuardTrip(RollbackTriggers.Name(reading.Trigger), at, rollbackRunId);
                entry.Watching = false;
            }
        }
    }

    /// <summary>After a look at every guarded rollout: those not in <paramref name="watched"/> are no longer watched.</summary>
    public void Watched(IReadOnlySet<long> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        lock (_gate)
        {
            foreach (var entry in _rollouts.Values.Where(e => !watched.Contains(e.RolloutId)))
            {
                entry.Watching = false;
            }
        }
    }

    /// <summary>Forgets everything (this server no longer leads: another one guards).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rollouts.Clear();
        }
    }

    /// <summary>What is kept now, by rollout id.</summary>
    public IReadOnlyList<GuardRolloutReadings> Snapshot()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            return [.. _rollouts.Values.OrderBy(e => e.RolloutId).Select(e => e.Snapshot())];
        }
    }

    // Points older than the retention go (a tripping point stays with its rollout), and so do
    // rollouts no longer watched whose last look is that old.
    private void Prune(DateTimeOffset now)
    {
        var oldest = now - Retention;
        foreach (var entry in _rollouts.Values.ToList())
        {
            if (!entry.Watching && entry.LastLook <= oldest)
            {
                _rollouts.Remove(entry.RolloutId);
                continue;
            }

            entry.Prune(oldest);
        }
    }

    // Which of two readings of the same trigger to keep: an armed one over an unarmed one, a
    // tripping one over one that did not trip, then the larger bound − threshold.
    private static bool Better(TriggerReading candidate, TriggerReading kept) =>
        candidate.Armed != kept.Armed ? candidate.Armed
        : candidate.Tripped != kept.Tripped ? candidate.Tripped
        : candidate.Bound - candidate.Threshold > kept.Bound - kept.Threshold;

    private sealed class Entry(long rolloutId)
    {
        private readonly SortedDictionary<GuardTrigger, (TriggerReading Reading, DateTimeOffset At)> _current = [];
        private readonly Dictionary<GuardTrigger, List<(GuardPoint Point, TriggerReading Reading)>> _points = [];

        public long RolloutId { get; } = rolloutId;

        public RolloutState State { get; set; } = null!;

        public string EvidenceSource { get; set; } = "gateway";

        public string? EvidenceUnavailable { get; set; }

        public bool Watching { get; set; }

        public DateTimeOffset LastLook { get; set; }

        public GuardTrip? Trip { get; set; }

        public void Add(TriggerReading reading, DateTimeOffset at)
        {
            // The latest look's reading: a later look replaces it, another window of the same look competes.
            if (!_current.TryGetValue(reading.Trigger, out var current) || current.At != at || Better(reading, current.Reading))
            {
                _current[reading.Trigger] = (reading, at);
            }

            if (!reading.Armed)
            {
                return;
            }

            if (!_points.TryGetValue(reading.Trigger, out var points))
            {
                points = [];
                _points[reading.Trigger] = points;
            }

            var second = DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds());
            var point = new GuardPoint(second, reading.Observed, reading.Bound, reading.Threshold, reading.Tripped);
            if (points.Count > 0 && points[^1].Point.Time == second)
            {
                if (Better(reading, points[^1].Reading))
                {
                    points[^1] = (point, reading);
                }
            }
            else
            {
                points.Add((point, reading));
            }
        }

        public void Prune(DateTimeOffset oldest)
        {
            foreach (var points in _points.Values)
            {
                points.RemoveAll(p => p.Point.Time <= oldest && !p.Point.Tripped);
            }
        }

        public GuardRolloutReadings Snapshot() => new()
        {
            RolloutId = RolloutId,
            Service = State.Service,
            Candidate = State.Candidate,
            KnownGood = State.KnownGood,
            Phase = RolloutTransitions.Name(State.Phase),
            Step = State.Phase == RolloutPhase.Canary && State.Step >= 0 ? State.Step + 1 : null,
            Watching = Watching,
            EvidenceSource = EvidenceSource,
            EvidenceUnavailable = EvidenceUnavailable,
            Tripped = Trip,
            Triggers = [.. _current.Select(c => new GuardTriggerReadings(
                c.Value.Reading,
                _points.TryGetValue(c.Key, out var points) ? [.. points.Select(p => p.Point)] : []))],
        };
    }
}
