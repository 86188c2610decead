using Microsoft.Extensions.Logging;

namespace Warden.Guard;

internal sealed partial class RolloutGuard
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.GuardTripped, Level = LogLevel.Warning, Message = "guard: rollout {Rollout} of {Service} {Candidate}: {Trigger} tripped: {Reading}")]
        public static partial void Tripped(ILogger logger, long rollout, string service, string candidate, string trigger, string reading);

        [LoggerMessage(EventId = EventIds.GuardRolledBack, Level = LogLevel.Warning, Message = "guard: rollout {Rollout} of {Service}: {Candidate} rolled back to {KnownGood} ({RollbackRunId}, RTO {RtoSeconds:0.###} s); reports in {Folder}")]
        public static partial void RolledBack(ILogger logger, long rollout, string service, string candidate, string knownGood, string rollbackRunId, double rtoSeconds, string folder);

        [LoggerMessage(EventId = EventIds.GuardFailed, Level = LogLevel.Warning, Message = "guard: rollout {Rollout} of {Service}: this look failed and is retried at the next interval: {Problem}")]
        public static partial void Failed(ILogger logger, long rollout, string service, string problem);

        [LoggerMessage(EventId = EventIds.GuardRouteFailed, Level = LogLevel.Error, Message = "guard: rollout {Rollout} of {Service} is rolled back in the store, but the route swap failed: {Problem}; the controller retries it at every look")]
        public static partial void RouteFailed(ILogger logger, long rollout, string service, string problem);

        [LoggerMessage(EventId = EventIds.GuardArmed, Level = LogLevel.Information, Message = "guard: {Service} {Candidate}: P95 drift trigger armed at {ThresholdMs:0.###} ms (production's P95 {P95Ms:0.###} ms + the drift limit)")]
        public static partial void Armed(ILogger logger, string service, string candidate, double thresholdMs, double p95Ms);

        [LoggerMessage(EventId = EventIds.GuardEvidenceUnavailable, Level = LogLevel.Warning, Message = "guard: rollout {Rollout} of {Service} {Candidate}: INCONCLUSIVE, the {Source} evidence cannot be read: {Reason}; no trigger is evaluated and nothing is rolled back until it can")]
        public static partial void EvidenceUnavailable(ILogger logger, long rollout, string service, string candidate, string source, string reason);

        [LoggerMessage(EventId = EventIds.GuardEvidenceAvailable, Level = LogLevel.Information, Message = "guard: rollout {Rollout} of {Service} {Candidate}: the {Source} evidence can be read again; guarding")]
        public static partial void EvidenceAvailable(ILogger logger, long rollout, string service, string candidate, string source);
    }
}
