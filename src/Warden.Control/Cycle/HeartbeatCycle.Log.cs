using Microsoft.Extensions.Logging;

namespace Warden.Cycle;

internal sealed partial class HeartbeatCycle
{
    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.CycleBegan, Level = LogLevel.Information, Message = "Heartbeat cycle {Cycle} began ({Trigger})")]
        public static partial void Began(ILogger logger, string cycle, string trigger);

        [LoggerMessage(EventId = EventIds.CyclePhase, Level = LogLevel.Information, Message = "Cycle {Cycle} {Phase}: {Status}: {Summary}")]
        public static partial void Phase(ILogger logger, string cycle, string phase, string status, string summary);

        [LoggerMessage(EventId = EventIds.CyclePhaseFailed, Level = LogLevel.Warning, Message = "Cycle {Cycle} {Phase} failed: {Problem}")]
        public static partial void PhaseFailed(ILogger logger, string cycle, string phase, string problem);

        [LoggerMessage(EventId = EventIds.CycleEnded, Level = LogLevel.Information, Message = "Heartbeat cycle {Cycle} ended {Status} in {Seconds:0.00} s; reports in {Folder}")]
        public static partial void Ended(ILogger logger, string cycle, string status, double seconds, string folder);

        [LoggerMessage(EventId = EventIds.CycleLeaseHeld, Level = LogLevel.Information, Message = "Heartbeat cycle not run: {Holder} holds the cycle lease until {ExpiresAt:O}")]
        public static partial void LeaseHeld(ILogger logger, string holder, DateTimeOffset expiresAt);
    }
}
