namespace Warden.Gateway.Routing;

/// <summary>What <see cref="IRouteChangeGate"/> decided.</summary>
internal enum RouteChangeOutcome
{
    /// <summary>Allowed and recorded: publish it.</summary>
    Allowed,

    /// <summary>Refused by a rule (the promotion gate): nothing recorded, nothing published.</summary>
    Refused,

    /// <summary>Its audit event could not be written: nothing published.</summary>
    NotRecorded,
}
