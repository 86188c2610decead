using Warden.Core.Guard;
using Warden.Core.Rollouts;

namespace Warden.Guard;

internal sealed partial class RolloutGuard
{
    /// <summary>
    /// One guarded phase: its windows (the whole phase, and a fresh window every
    /// <see cref="GuardWindows.RestartEvery"/>, the latest <see cref="GuardWindows.Kept"/> kept),
    /// and the drift threshold once production's P95 is known.
    /// </summary>
    private sealed class Watch
    {
        private readonly RolloutState _state;
        private readonly List<Window> _windows = [];
        private long _restarts;
        private GuardCounts _driftStart;
        private DateTimeOffset _driftArmedAt;

        public Watch(RolloutState state, GuardCounts guardedStart, GuardCounts? referenceStart, DateTimeOffset startedAt)
        {
            _state = state;
            HasReference = referenceStart is not null;
            _windows.Add(new Window(GuardWindows.PhaseSpend, startedAt, guardedStart, referenceStart));
        }

        /// <summary>Whether production serves live traffic to compare with (not during the bake time).</summary>
        public bool HasReference { get; }

        public double? DriftThresholdMs { get; private set; }

        /// <summary>The windows, the whole phase first.</summary>
        public IReadOnlyList<Window> Windows => _windows;

        /// <summary>Whether <paramref name="now"/> is still the phase this watch began in (a pause is; a new step, a resume or the bake time is not).</summary>
        public bool Covers(RolloutState now) =>
            now.Phase == _state.Phase && now.Step == _state.Step && now.PhaseStartedAt == _state.PhaseStartedAt && now.Candidate == _state.Candidate;

        /// <summary>Starts a fresh window when the latest one is <see cref="GuardWindows.RestartEvery"/> old, dropping the oldest restarted window beyond <see cref="GuardWindows.Kept"/>.</summary>
        public void RestartIfDue(DateTimeOffset now, GuardCounts guarded, GuardCounts? reference)
        {
            if (now - _windows[^1].StartedAt < GuardWindows.RestartEvery)
            {
                return;
            }

            _restarts++;
            _windows.Add(new Window(GuardWindows.RestartSpend(_restarts), now, guarded, reference));
            if (_windows.Count > GuardWindows.Kept + 1)
            {
                _windows.RemoveAt(1);
            }
        }

        /// <summary>The guarded version's counts in <paramref name="window"/>; the drift counts only since the drift threshold was set.</summary>
        public GuardCounts GuardedCounts(Window window, GuardCounts now)
        {
            var counts = now.Since(window.GuardedStart);
            if (DriftThresholdMs is null)
            {
                return counts with { DriftRequests = 0, DriftSlow = 0 };
            }

            var drift = now.Since(window.StartedAt >= _driftArmedAt ? window.GuardedStart : _driftStart);
            return counts with { DriftRequests = drift.DriftRequests, DriftSlow = drift.DriftSlow };
        }

        public void ArmDrift(double thresholdMs, GuardCounts now, DateTimeOffset at)
        {
            DriftThresholdMs = thresholdMs;
            _driftStart = now;
            _driftArmedAt = at;
        }
    }

    /// <summary>
    /// One window of a phase: where its counts start, its share of each trigger's level, and for
    /// each trigger the look at which its evidence was lowest — the CUSUM estimate of when a fault
    /// began, should the trigger trip in this window.
    /// </summary>
    private sealed class Window(double spend, DateTimeOffset startedAt, GuardCounts guardedStart, GuardCounts? referenceStart)
    {
        private readonly Dictionary<GuardTrigger, (double Evidence, DateTimeOffset At)> _lowest = [];

        public double Spend { get; } = spend;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public GuardCounts GuardedStart { get; } = guardedStart;

        public GuardCounts? ReferenceStart { get; } = referenceStart;

        public void Observe(IReadOnlyList<TriggerReading> readings, DateTimeOffset now)
        {
            foreach (var reading in readings)
            {
                if (reading.Armed && (!_lowest.TryGetValue(reading.Trigger, out var lowest) || reading.LogEvidence < lowest.Evidence))
                {
                    _lowest[reading.Trigger] = (reading.LogEvidence, now);
                }
            }
        }

        public DateTimeOffset? OnsetOf(GuardTrigger trigger) => _lowest.TryGetValue(trigger, out var lowest) ? lowest.At : null;
    }
}
