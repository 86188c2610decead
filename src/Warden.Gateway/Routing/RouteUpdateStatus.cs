namespace Warden.Gateway.Routing;

/// <summary>How a route change ended.</summary>
internal enum RouteUpdateStatus
{
    /// <summary>Published as a new revision.</summary>
    Applied,

    /// <summary>Refused: see the problems.</summary>
    Invalid,

    /// <summary>Refused: no such service.</summary>
    UnknownService,
}
