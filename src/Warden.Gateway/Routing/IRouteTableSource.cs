namespace Warden.Gateway.Routing;

/// <summary>Gives the route table in force right now; readers never block writers.</summary>
internal interface IRouteTableSource
{
    /// <summary>The current snapshot. Read it once per request and use that copy throughout.</summary>
    RouteTable Current { get; }
}
