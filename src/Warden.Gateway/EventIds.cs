namespace Warden.Gateway;

/// <summary>
/// Every log event id of the gateway, one range per feature, so that an id found in a log tells
/// where it came from and an id is never reused (as YARP's Utilities/EventIds.cs). The gateway
/// owns 1000–1999; Control 2000–2999; the REST API 3000–3999; the executable 4000–4999.
/// </summary>
internal static class EventIds
{
    // Hosting 1000–1099
    public const int Listening = 1000;
    public const int Stopping = 1001;
    public const int BackgroundError = 1002;
    public const int AdminListening = 1003;

    // Routing 1100–1199
    public const int RouteChanged = 1100;
    public const int RouteChangeRejected = 1101;
    public const int RouteChangeNotRecorded = 1102;
    public const int RouteFollowed = 1103;
    public const int RouteNotFollowed = 1104;

    // Health 1200–1299
    public const int BackendMarkedDown = 1200;
    public const int BackendMarkedUp = 1201;

    // Forwarding 1300–1399
    public const int ForwardFailed = 1300;
    public const int UnexpectedForwardError = 1301;

    // Shadow 1400–1499
    public const int ShadowFailed = 1400;

    // Telemetry 1500–1599
    public const int TelemetryAppendFailed = 1500;
    public const int TelemetrySinkFailed = 1501;
    public const int TelemetrySinkBacklogDropped = 1502;
    public const int TelemetryRecordUnformattable = 1503;
}
