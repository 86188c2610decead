using Warden.Gateway.Routing;

namespace Warden.Gateway.Configuration;

/// <summary>One entry of <c>gateway.services</c>: the backends a service may use and its starting route.</summary>
internal sealed record ServiceOptions
{
    /// <summary>Service name, the first path segment clients use.</summary>
    public required string Name { get; init; }

    /// <summary>Every version this service may route to, in file order. Route changes at run time choose among these.</summary>
    public required IReadOnlyList<BackendTarget> Backends { get; init; }

    /// <summary>The route the gateway starts with.</summary>
    public required ServiceRoute Route { get; init; }
}
