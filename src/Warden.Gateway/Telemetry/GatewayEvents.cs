namespace Warden.Gateway.Telemetry;

/// <summary>Wire names of <see cref="GatewayEvent"/> (the <c>event</c> label of <c>warden_gateway_events_total</c>).</summary>
internal static class GatewayEvents
{
    /// <summary>snake_case name, e.g. <c>shadow_dropped</c>.</summary>
    public static string Name(GatewayEvent kind) => kind switch
    {
        GatewayEvent.BodyTooLarge => "body_too_large",
        GatewayEvent.UnknownService => "unknown_service",
        GatewayEvent.ShadowDropped => "shadow_dropped",
        GatewayEvent.ShadowFailed => "shadow_failed",
        GatewayEvent.RouteChanged => "route_changed",
        GatewayEvent.RouteChangeRejected => "route_change_rejected",
        GatewayEvent.BackendMarkedDown => "backend_marked_down",
        GatewayEvent.BackendMarkedUp => "backend_marked_up",
        GatewayEvent.PathNotAllowed => "path_not_allowed",
        GatewayEvent.AdminRefused => "admin_refused",
        GatewayEvent.ComplianceUnreadable => "compliance_unreadable",
        GatewayEvent.ComplianceUnlabelled => "compliance_unlabelled",
        _ => "unknown",
    };
}
