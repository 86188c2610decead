using System.Collections.Frozen;
using Warden.Gateway.Routing;

namespace Warden.Gateway.Tests.Telemetry;

/// <summary>A route table that changes only when the test sets it (the gateway's own source is another helper's).</summary>
internal sealed class StaticRouteTableSource : IRouteTableSource
{
    public RouteTable Current { get; set; } = new(0, FrozenDictionary<string, ServiceRoute>.Empty);

    public static StaticRouteTableSource With(long revision, params ServiceRoute[] routes) => new()
    {
        Current = new RouteTable(revision, routes.ToFrozenDictionary(r => r.Service, StringComparer.Ordinal)),
    };

    public static ServiceRoute Route(string service, string production, string? canary = null, int canaryBasisPoints = 0, string? shadow = null) => new()
    {
        Service = service,
        Production = new BackendTarget(production, new Uri("http://127.0.0.1:1/")),
        Canary = canary is null ? null : new BackendTarget(canary, new Uri("http://127.0.0.1:2/")),
        CanaryBasisPoints = canaryBasisPoints,
        Shadow = shadow is null ? null : new BackendTarget(shadow, new Uri("http://127.0.0.1:3/")),
    };
}
