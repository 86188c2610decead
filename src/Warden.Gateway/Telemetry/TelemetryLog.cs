using Microsoft.Extensions.Logging;

namespace Warden.Gateway.Telemetry;

/// <summary>Log messages of the telemetry background work (event ids 5100–5199).</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Cannot write {Path}: {Reason}; {Records} record(s) lost, retrying with the next batch")]
    public static partial void AppendFailed(ILogger logger, string path, string reason, int records);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "A record for {Path} could not be formatted and was dropped: {Reason}")]
    public static partial void RecordUnformattable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Telemetry sink {Sink} failed on {Windows} window(s): {Reason}; they are retried on the next flush")]
    public static partial void SinkFailed(ILogger logger, string sink, int windows, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Telemetry sink {Sink} has more than {Limit} unwritten windows; {Dropped} oldest dropped")]
    public static partial void SinkBacklogDropped(ILogger logger, string sink, int limit, int dropped);
}
