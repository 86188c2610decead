namespace Warden.Gateway.Routing;

/// <summary>How a route change ended.</summary>
internal enum RouteUpdateStatus
{
    /// <summary>Recorded, then published as a new revision.</summary>
    Applied,

    /// <summary>Refused: the request is invalid (see the problems).</summary>
    Invalid,

    /// <summary>Refused: no such service.</summary>
    UnknownService,

    /// <summary>Refused by the route-change gate, e.g. production without a GO verdict (see the problems).</summary>
    Refused,

    /// <summary>Not applied: its audit event could not be written (see the failure).</summary>
    NotRecorded,
}
