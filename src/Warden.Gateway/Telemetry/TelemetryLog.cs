using Microsoft.Extensions.Logging;

namespace Warden.Gateway.Telemetry;

/// <summary>Log messages of the telemetry background work (event ids 1500–1599, <see cref="EventIds"/>).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = EventIds.TelemetryAppendFailed, Level = LogLevel.Error, Message = "Cannot write {Path}: {Reason}; {Records} record(s) lost, retrying with the next batch")]
    public static partial void AppendFailed(ILogger logger, string path, string reason, int records);

    [LoggerMessage(EventId = EventIds.TelemetryRecordUnformattable, Level = LogLevel.Error, Message = "A record for {Path} could not be formatted and was dropped: {Reason}")]
    public static partial void RecordUnformattable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = EventIds.TelemetrySinkFailed, Level = LogLevel.Error, Message = "Telemetry sink {Sink} failed on {Windows} window(s): {Reason}; they are retried on the next flush")]
    public static partial void SinkFailed(ILogger logger, string sink, int windows, string reason);

    [LoggerMessage(EventId = EventIds.TelemetrySinkBacklogDropped, Level = LogLevel.Warning, Message = "Telemetry sink {Sink} has more than {Limit} unwritten windows; {Dropped} oldest dropped")]
    public static partial void SinkBacklogDropped(ILogger logger, string sink, int limit, int dropped);
}
