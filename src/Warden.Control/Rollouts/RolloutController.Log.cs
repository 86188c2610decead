using Microsoft.Extensions.Logging;

namespace Warden.Rollouts;

internal sealed partial class RolloutController
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.RolloutTransition, Level = LogLevel.Information, Message = "rollout {Rollout} of {Service} {Candidate}: {Action} (generation {Generation}): {Reason}")]
        public static partial void Transition(ILogger logger, long rollout, string service, string candidate, string action, long generation, string reason);

        [LoggerMessage(EventId = EventIds.RolloutRouteChanged, Level = LogLevel.Information, Message = "rollout {Rollout}: route of {Service} set to {Route}")]
        public static partial void RouteChanged(ILogger logger, long rollout, string service, string route);

        [LoggerMessage(EventId = EventIds.RolloutRouteRefused, Level = LogLevel.Warning, Message = "rollout {Rollout}: route of {Service} could not be set to {Route}: {Problem}")]
        public static partial void RouteRefused(ILogger logger, long rollout, string service, string route, string problem);

        [LoggerMessage(EventId = EventIds.RolloutFailed, Level = LogLevel.Warning, Message = "rollout {Rollout} of {Service}: this look failed and is retried at the next interval: {Problem}")]
        public static partial void Failed(ILogger logger, long rollout, string service, string problem);

        [LoggerMessage(EventId = EventIds.LeaseAcquired, Level = LogLevel.Information, Message = "rollout controller: {Holder} holds the lease (epoch {Epoch}); this server acts on rollouts")]
        public static partial void LeaseAcquired(ILogger logger, string holder, long epoch);

        [LoggerMessage(EventId = EventIds.LeaseLost, Level = LogLevel.Warning, Message = "rollout controller: {Holder} no longer holds the lease (epoch {Epoch}); {Other} acts now, this server only follows the stored state")]
        public static partial void LeaseLost(ILogger logger, string holder, long epoch, string other);

        [LoggerMessage(EventId = EventIds.RolloutRefused, Level = LogLevel.Warning, Message = "rollout {Rollout} of {Service}: {Reason}")]
        public static partial void Refused(ILogger logger, long rollout, string service, string reason);

        [LoggerMessage(EventId = EventIds.RolloutNotRouted, Level = LogLevel.Warning, Message = "rollout {Rollout}: service {Service} is not routed by this server's gateway; nothing to move")]
        public static partial void NotRouted(ILogger logger, long rollout, string service);
    }
}
