namespace Warden.Gateway.Telemetry;

/// <summary>Counted gateway events that are not a normal forwarded request.</summary>
internal enum GatewayEvent
{
    /// <summary>Request body over the configured limit (413).</summary>
    BodyTooLarge,

    /// <summary>No route for the requested service (404).</summary>
    UnknownService,

    /// <summary>A mirror copy was dropped because the shadow's concurrency limit was reached.</summary>
    ShadowDropped,

    /// <summary>A mirror copy failed (shadow error, timeout or refusal); production was not affected.</summary>
    ShadowFailed,

    /// <summary>A route table change was applied.</summary>
    RouteChanged,

    /// <summary>A route table change was refused (bad JSON, unknown service, weight out of range).</summary>
    RouteChangeRejected,

    /// <summary>A backend was marked unhealthy (passive or active check).</summary>
    BackendMarkedDown,

    /// <summary>A backend was marked healthy again.</summary>
    BackendMarkedUp,

    /// <summary>A path the service does not forward (<c>gateway.services.NAME.paths</c>) was refused (404).</summary>
    PathNotAllowed,

    /// <summary>A request to <c>/admin</c> with a foreign Host or from another origin was refused (403).</summary>
    AdminRefused,

    /// <summary>
    /// An inference answer of a service with compliance labels could not be read as a ranking
    /// (not JSON, too large, no candidate_ids, score count unlike the candidate count); not judged.
    /// </summary>
    ComplianceUnreadable,

    /// <summary>An inference answer's top-ranked item has no compliance label for its query nor under <c>*</c>; not judged.</summary>
    ComplianceUnlabelled,
}
