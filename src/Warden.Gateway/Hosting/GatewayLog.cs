using Microsoft.Extensions.Logging;

namespace Warden.Gateway.Hosting;

/// <summary>
/// Every line the gateway logs, source-generated with stable event ids (<see cref="EventIds"/>). Nothing is logged per
/// request above Debug: at Information the log holds only changes (routes, health, lifecycle).
/// </summary>
internal static partial class GatewayLog
{
    [LoggerMessage(EventIds.Listening, LogLevel.Information, "Gateway listening on {Addresses} (services: {Services})")]
    public static partial void Listening(ILogger logger, string addresses, string services);

    [LoggerMessage(EventIds.Stopping, LogLevel.Information, "Gateway stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventIds.RouteChanged, LogLevel.Information, "Route of {Service} changed to revision {Revision}: production {Production}, canary {Canary} at {Weight} %, shadow {Shadow}")]
    public static partial void RouteChanged(ILogger logger, string service, long revision, string production, string canary, string weight, string shadow);

    [LoggerMessage(EventIds.RouteFollowed, LogLevel.Information, "Route of {Service} follows {Record}, recorded by another server, at revision {Revision}: production {Production}, canary {Canary} at {Weight} %, shadow {Shadow}")]
    public static partial void RouteFollowed(ILogger logger, string service, string record, long revision, string production, string canary, string weight, string shadow);

    [LoggerMessage(EventIds.RouteNotFollowed, LogLevel.Warning, "Route of {Service} cannot follow {Record}, recorded by another server: {Problem}")]
    public static partial void RouteNotFollowed(ILogger logger, string service, string record, string problem);

    [LoggerMessage(EventIds.RouteChangeRejected, LogLevel.Warning, "Route change of {Service} refused ({Count} problems): {First}")]
    public static partial void RouteChangeRejected(ILogger logger, string service, int count, string first);

    [LoggerMessage(EventIds.RouteChangeNotRecorded, LogLevel.Warning, "Route change of {Service} not applied: its audit event could not be written ({Failure})")]
    public static partial void RouteChangeNotRecorded(ILogger logger, string service, string failure);

    [LoggerMessage(EventIds.AdminListening, LogLevel.Information, "Gateway admin API listening on {Addresses}")]
    public static partial void AdminListening(ILogger logger, string addresses);

    [LoggerMessage(EventIds.BackendMarkedDown, LogLevel.Warning, "Backend {Backend} marked down after {Failures} consecutive failures: {Reason}")]
    public static partial void BackendMarkedDown(ILogger logger, string backend, int failures, string reason);

    [LoggerMessage(EventIds.BackendMarkedUp, LogLevel.Information, "Backend {Backend} marked up")]
    public static partial void BackendMarkedUp(ILogger logger, string backend);

    [LoggerMessage(EventIds.ForwardFailed, LogLevel.Debug, "Request to {Backend} failed ({ErrorClass}): {Reason}")]
    public static partial void ForwardFailed(ILogger logger, string backend, string errorClass, string reason);

    [LoggerMessage(EventIds.ShadowFailed, LogLevel.Debug, "Mirror to {Backend} failed ({ErrorClass}): {Reason}")]
    public static partial void ShadowFailed(ILogger logger, string backend, string errorClass, string reason);

    [LoggerMessage(EventIds.UnexpectedForwardError, LogLevel.Error, "Unexpected error while forwarding to {Backend}")]
    public static partial void UnexpectedError(ILogger logger, string backend, Exception exception);

    [LoggerMessage(EventIds.BackgroundError, LogLevel.Error, "Unexpected error in a background gateway task ({Task})")]
    public static partial void BackgroundError(ILogger logger, string task, Exception exception);
}
