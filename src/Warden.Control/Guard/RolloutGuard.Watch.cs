using Warden.Core.Guard;
using Warden.Core.Rollouts;

namespace Warden.Guard;

internal sealed partial class RolloutGuard
{
    /// <summary>
    /// One guarded phase: the counts at its first look (the baseline), the drift threshold once
    /// production's P95 is known, and for each trigger the look at which its evidence was lowest —
    /// the CUSUM estimate of when a fault began, should the trigger trip.
    /// </summary>
    private sealed class Watch(RolloutState state, GuardCounts guardedStart, GuardCounts? referenceStart, DateTimeOffset startedAt)
    {
        private readonly Dictionary<GuardTrigger, (double Evidence, DateTimeOffset At)> _lowest = [];
        private GuardCounts _driftStart;

        public DateTimeOffset StartedAt { get; } = startedAt;

        public GuardCounts? ReferenceStart { get; } = referenceStart;

        public double? DriftThresholdMs { get; private set; }

        /// <summary>Whether <paramref name="now"/> is still the phase this watch began in (a pause is; a new step, a resume or the bake time is not).</summary>
        public bool Covers(RolloutState now) =>
            now.Phase == state.Phase && now.Step == state.Step && now.PhaseStartedAt == state.PhaseStartedAt && now.Candidate == state.Candidate;

        public GuardCounts GuardedCounts(GuardCounts now)
        {
            var phase = now.Since(guardedStart);
            var drift = now.Since(_driftStart);
            return phase with { DriftRequests = DriftThresholdMs is null ? 0 : drift.DriftRequests, DriftSlow = DriftThresholdMs is null ? 0 : drift.DriftSlow };
        }

        public void ArmDrift(double thresholdMs, GuardCounts now)
        {
            DriftThresholdMs = thresholdMs;
            _driftStart = now;
        }

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
